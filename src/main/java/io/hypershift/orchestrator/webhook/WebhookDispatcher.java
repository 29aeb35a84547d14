package io.hypershift.orchestrator.webhook;

import io.hypershift.orchestrator.retry.ExponentialBackoff;
import io.hypershift.orchestrator.config.WebhookConfig;
import io.hypershift.orchestrator.store.RandomIds;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the outbox on the scheduler thread, never in the pipeline: each tick leases the due
 * events (the oldest undelivered event of each run, so a run's events arrive in order), POSTs them
 * in parallel with no transaction open, then records each result in a short transaction of its own.
 * Every process runs a dispatcher against the same store; leases keep them from sending one event
 * twice at once. Delivery is at least once: a process that stops between sending and recording
 * leaves a lease that runs out, and the event is sent again with the same delivery id.
 */
@Startup
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    /** Lets a run's events follow one another within a tick, yet bounds how long a tick lasts. */
    private static final int MAX_ROUNDS_PER_TICK = 20;

    /** Beyond the request timeout, time to record the results before another dispatcher may take over. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final WebhookConfig config;
    private final WebhookOutbox outbox;
    private final WorkspaceScope scope;
    private final ExponentialBackoff backoff;
    private final Optional<URI> target;
    private final HttpClient client;
    private final String dispatcherId = "dsp-" + RandomIds.hex(6);

    WebhookDispatcher(WebhookConfig config, WebhookOutbox outbox, WorkspaceScope scope) {
        this.config = config;
        this.outbox = outbox;
        this.scope = scope;
        this.backoff = new ExponentialBackoff(config.initialBackoff(), config.maxBackoff());
        this.target = config.url().map(WebhookDispatcher::httpUri);
        // One client for every delivery: its pool keeps connections to the receiver alive.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .build();
    }

    @Scheduled(identity = "webhook-dispatch", every = "${hypershift.webhook.dispatch-interval}",
            concurrentExecution = ConcurrentExecution.SKIP)
    void dispatchDueEvents() {
        target.ifPresent(uri -> scope.callAsSystem(() -> {
            deliverDueEvents(uri);
            return null;
        }));
    }

    @Scheduled(identity = "webhook-prune", every = "1m", concurrentExecution = ConcurrentExecution.SKIP)
    void pruneDeliveredEvents() {
        long pruned = scope.callAsSystem(() -> outbox.pruneDeliveredOlderThan(config.deliveredRetention()));
        LOG.debugf("webhook outbox pruned deliveredEvents=%d", pruned);
    }

    private void deliverDueEvents(URI uri) {
        for (int round = 0; round < MAX_ROUNDS_PER_TICK; round++) {
            long now = System.currentTimeMillis();
            if (!outbox.anyDue(now)) {
                return;
            }
            long leaseUntil = now + config.requestTimeout().plus(LEASE_MARGIN).toMillis();
            List<Delivery> batch = outbox.claimDue(dispatcherId, now, leaseUntil, config.batchSize());
            List<CompletableFuture<Optional<String>>> sent = batch.stream().map(delivery -> send(uri, delivery)).toList();
            for (int i = 0; i < batch.size(); i++) {
                settle(batch.get(i), sent.get(i).join());
            }
        }
    }

    /** Completes with the reason the attempt failed, or empty when the receiver accepted it. */
    private CompletableFuture<Optional<String>> send(URI uri, Delivery delivery) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("X-HyperShift-Event", delivery.event())
                .header("X-HyperShift-Delivery", delivery.deliveryId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.secret().ifPresent(secret -> request.header("X-HyperShift-Signature", WebhookSignature.of(secret, body)));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                // The request timeout ends at the response headers; this one also bounds a slow body.
                .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure != null ? Optional.of(describe(failure))
                        : response.statusCode() / 100 == 2 ? Optional.empty()
                        : Optional.of("HTTP " + response.statusCode()));
    }

    private void settle(Delivery delivery, Optional<String> failure) {
        long now = System.currentTimeMillis();
        int attempt = delivery.attempts() + 1;
        if (failure.isEmpty()) {
            outbox.markDelivered(delivery, now);
            LOG.infof("webhook delivered runId=%s workspaceId=%s event=%s deliveryId=%s attempt=%d",
                    delivery.runId(), delivery.workspaceId(), delivery.event(), delivery.deliveryId(), attempt);
        } else if (attempt >= config.maxAttempts()) {
            outbox.markGivenUp(delivery, dispatcherId, failure.get(), now);
            LOG.warnf("webhook given up runId=%s workspaceId=%s event=%s deliveryId=%s attempts=%d error=%s",
                    delivery.runId(), delivery.workspaceId(), delivery.event(), delivery.deliveryId(), attempt,
                    failure.get());
        } else {
            long pause = backoff.millisAfter(attempt);
            outbox.scheduleRetry(delivery, dispatcherId, failure.get(), now + pause);
            LOG.infof("webhook delivery failed runId=%s workspaceId=%s event=%s deliveryId=%s attempt=%d retryInMs=%d error=%s",
                    delivery.runId(), delivery.workspaceId(), delivery.event(), delivery.deliveryId(), attempt, pause,
                    failure.get());
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Fails start-up on a URL the client cannot POST to; the URL itself is not logged (it may hold a token). */
    private static URI httpUri(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook URL (WEBHOOK_URL) is not a valid URI");
        }
        if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("the webhook URL (WEBHOOK_URL) must be an absolute http or https URL");
        }
        return uri;
    }
}
