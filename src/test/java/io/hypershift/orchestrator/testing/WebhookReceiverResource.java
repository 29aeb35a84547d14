package io.hypershift.orchestrator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts a {@link WebhookReceiver}, points the webhook URL at it and fills test fields of its type. */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    private WebhookReceiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = WebhookReceiver.start();
        return Map.of("hypershift.webhook.url", receiver.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(receiver, new TestInjector.MatchesType(WebhookReceiver.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }
}
