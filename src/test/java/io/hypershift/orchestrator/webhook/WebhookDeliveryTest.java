package io.hypershift.orchestrator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypershift.orchestrator.testing.AgentServer;
import io.hypershift.orchestrator.testing.AgentServerResource;
import io.hypershift.orchestrator.testing.Api;
import io.hypershift.orchestrator.testing.WebhookReceiver;
import io.hypershift.orchestrator.testing.WebhookReceiver.Request;
import io.hypershift.orchestrator.testing.WebhookReceiverResource;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Webhooks from the outbox to a real HTTP receiver: order, signatures, retries, giving up, durability. */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.Profile.class)
class WebhookDeliveryTest {

    private static final String SECRET = "whsec-test-3f9a1c";
    private static final int MAX_ATTEMPTS = 5;
    private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final String DEPLOYMENT_URL = "https://webhook-test.apps.hypershift.local";
    private static final String BUILDER_REPLY = "{\"build_plan\":{\"image\":\"registry.hypershift.local/app:1\","
            + "\"steps\":[\"deploy\"]},\"infra\":{\"replicas\":1},\"deployment_url\":\"" + DEPLOYMENT_URL + "\"}";
    private static final List<String> COMPLETED_RUN_EVENTS =
            List.of("run.created", "run.started", "run.completed", "deploy.succeeded");

    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // The Quarkus scheduler ticks at most once a second, so with backoff shorter than that an
            // event is retried at every tick: five attempts take about five seconds.
            return Map.of(
                    "hypershift.webhook.secret", SECRET,
                    "hypershift.webhook.dispatch-interval", "1s",
                    "hypershift.webhook.initial-backoff", "100ms",
                    "hypershift.webhook.max-backoff", "500ms",
                    "hypershift.webhook.max-attempts", String.valueOf(MAX_ATTEMPTS),
                    "hypershift.webhook.request-timeout", "2s",
                    "hypershift.agents.initial-backoff", "10ms",
                    "hypershift.agents.max-backoff", "50ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WebhookReceiverResource.class),
                    new TestResourceEntry(AgentServerResource.class, Map.of("agents", "builder")));
        }
    }

    WebhookReceiver receiver;
    AgentServer builder;

    @Inject
    WebhookOutbox outbox;

    @Inject
    WorkspaceScope scope;

    private final Api api = Api.freshWorkspace();

    @BeforeEach
    void restoreReceiverAndBuilder() {
        receiver.acceptAll();
        receiver.restart();
        builder.answer("/builder", AgentServer.Reply.json(BUILDER_REPLY));
    }

    @Test
    void aCompletedRunDeliversItsFourEventsInOrderOnceEachAndSigned() {
        String id = api.createRun("{\"user_intent\":{\"description\":\"a todo app\",\"target\":\"aws\"}}");
        api.start(id);
        JsonPath run = api.awaitStatus(id, "completed");
        awaitAllDelivered(id);

        List<Request> requests = receiver.requestsOf(id);
        assertThat(requests).extracting(Request::event).containsExactlyElementsOf(COMPLETED_RUN_EVENTS);
        assertThat(requests).allMatch(Request::accepted);
        assertThat(requests).extracting(Request::deliveryId).doesNotHaveDuplicates()
                .allMatch(deliveryId -> deliveryId.matches("dlv-[0-9a-f]{24}"));
        for (Request request : requests) {
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(request.json().path("event").asText()).isEqualTo(request.event());
            assertThat(request.json().path("ts").asText()).matches(ISO_MILLIS);
            assertThat(request.signature()).isEqualTo("sha256=" + hmacSha256Hex(SECRET, request.body()));
        }

        JsonNode created = requests.get(0).payload();
        assertThat(created.path("run_id").asText()).isEqualTo(id);
        assertThat(created.path("workspace_id").asText()).isEqualTo(api.workspaceId());
        assertThat(created.path("user_intent").path("description").asText()).isEqualTo("a todo app");
        assertThat(created.path("user_intent").path("target").asText()).isEqualTo("aws");

        JsonNode started = requests.get(1).payload();
        assertThat(started.path("run_id").asText()).isEqualTo(id);
        assertThat(started.path("workspace_id").asText()).isEqualTo(api.workspaceId());

        JsonNode completed = requests.get(2).payload();
        assertThat(completed.path("run_id").asText()).isEqualTo(id);
        assertThat(completed.path("workspace_id").asText()).isEqualTo(api.workspaceId());
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("deployment_url").asText()).isEqualTo(DEPLOYMENT_URL);
        assertThat(completed.path("duration_ms").asLong()).isEqualTo(run.getLong("duration_ms"));
        assertThat(completed.has("error")).isFalse();
        assertThat(completed.has("failed_step")).isFalse();

        JsonNode deployed = requests.get(3).payload();
        assertThat(deployed.path("run_id").asText()).isEqualTo(id);
        assertThat(deployed.path("deployment_url").asText()).isEqualTo(DEPLOYMENT_URL);
    }

    @Test
    void aFailedRunReportsItsErrorAndFailedStepAndNoDeployment() {
        builder.answer("/builder", AgentServer.Reply.status(500));
        String id = api.createRun();
        api.start(id);
        JsonPath run = api.awaitStatus(id, "failed");
        awaitAllDelivered(id);

        List<Request> requests = receiver.requestsOf(id);
        assertThat(requests).extracting(Request::event).containsExactly("run.created", "run.started", "run.completed");
        JsonNode completed = requests.get(2).payload();
        assertThat(completed.path("status").asText()).isEqualTo("failed");
        assertThat(completed.path("error").asText()).startsWith("builder agent answered HTTP 500")
                .isEqualTo(run.getString("error"));
        assertThat(completed.path("failed_step").asText()).isEqualTo("builder");
        assertThat(completed.has("deployment_url")).isTrue();
        assertThat(completed.get("deployment_url").isNull()).isTrue();
        assertThat(completed.path("duration_ms").asLong()).isEqualTo(run.getLong("duration_ms"));
    }

    @Test
    void aSentinelVetoAndARejectionAreReportedAsBlockedCompletions() {
        String vetoed = api.createRun("{\"user_intent\":{\"description\":\"an insecure public bucket\"}}");
        api.start(vetoed);
        api.awaitStatus(vetoed, "blocked");
        String rejected = api.createRun("{\"user_intent\":{\"description\":\"needs a human\"},\"require_approval\":true}");
        api.start(rejected);
        api.awaitApprovalGate(rejected);
        api.request().post("/runs/" + rejected + "/reject").then().statusCode(200);
        awaitAllDelivered(vetoed);
        awaitAllDelivered(rejected);

        JsonNode veto = lastRequestOf(vetoed, "run.completed");
        assertThat(veto.path("status").asText()).isEqualTo("blocked");
        assertThat(veto.path("failed_step").asText()).isEqualTo("sentinel");
        assertThat(veto.has("error")).isTrue();
        JsonNode rejection = lastRequestOf(rejected, "run.completed");
        assertThat(rejection.path("status").asText()).isEqualTo("blocked");
        assertThat(rejection.path("failed_step").asText()).isEqualTo("approval");
        assertThat(receiver.requestsOf(rejected)).extracting(Request::event)
                .containsExactly("run.created", "run.started", "run.completed");
    }

    @Test
    void aReceiverAnswering503IsRetriedWithTheSameDeliveryIdAndGetsEveryEventInOrder() {
        String workspaceId = api.workspaceId();
        AtomicInteger refused = new AtomicInteger();
        receiver.answer(request -> workspaceId.equals(request.payload().path("workspace_id").asText())
                && refused.getAndIncrement() < 3 ? 503 : 200);

        String id = api.createRun();
        api.start(id);
        api.awaitStatus(id, "completed");
        awaitAllDelivered(id);

        List<Request> requests = receiver.requestsOf(id);
        assertThat(requests).extracting(Request::answeredStatus).containsExactly(503, 503, 503, 200, 200, 200, 200);
        assertThat(requests).extracting(Request::event).containsExactly("run.created", "run.created", "run.created",
                "run.created", "run.started", "run.completed", "deploy.succeeded");
        assertThat(requests.subList(0, 4)).extracting(Request::deliveryId).containsOnly(requests.get(0).deliveryId());
        assertThat(requests.subList(3, 7)).extracting(Request::deliveryId).doesNotHaveDuplicates();
        assertThat(outboxRows(id).get(0).attempts).isEqualTo(4);
    }

    @Test
    void eventsRecordedWhileTheReceiverIsUnreachableAreDeliveredWhenItIsBack() {
        // The events are rows committed with the run's state changes; a process restarted at this
        // point would find the same rows in the store, its dispatcher would send them once the dead
        // process's leases ran out. Only the receiver going away is played here.
        receiver.stop();
        String id = api.createRun();
        api.start(id);
        api.awaitStatus(id, "completed");
        waiting().until(() -> outboxRows(id).get(0).attempts >= 1);

        List<WebhookEvent> rows = outboxRows(id);
        assertThat(rows).extracting(row -> row.event).containsExactlyElementsOf(COMPLETED_RUN_EVENTS);
        assertThat(rows).allMatch(row -> row.deliveredAt == null && row.failedAt == null);
        assertThat(rows.get(0).lastError).isNotBlank();
        assertThat(rows.subList(1, 4)).allMatch(row -> row.attempts == 0);
        assertThat(outbox.pendingCount()).isGreaterThanOrEqualTo(4);

        receiver.restart();
        awaitAllDelivered(id);
        assertThat(receiver.requestsOf(id)).extracting(Request::event).containsExactlyElementsOf(COMPLETED_RUN_EVENTS);
    }

    @Test
    void anEventNeverAcceptedIsGivenUpAfterTheLastAttemptAndTheRunsLaterEventsThenFlow() {
        String workspaceId = api.workspaceId();
        receiver.answer(request -> workspaceId.equals(request.payload().path("workspace_id").asText())
                && "run.started".equals(request.event()) ? 500 : 200);
        long failedBefore = outbox.failedCount();

        String id = api.createRun();
        api.start(id);
        api.awaitStatus(id, "completed");
        waiting().atMost(Duration.ofSeconds(40)).until(() -> outboxRows(id).get(1).failedAt != null);
        awaitAllDelivered(id);

        WebhookEvent started = outboxRows(id).get(1);
        assertThat(started.event).isEqualTo("run.started");
        assertThat(started.attempts).isEqualTo(MAX_ATTEMPTS);
        assertThat(started.lastError).isEqualTo("HTTP 500");
        assertThat(started.deliveredAt).isNull();
        assertThat(outbox.failedCount()).isGreaterThan(failedBefore);

        List<Request> requests = receiver.requestsOf(id);
        List<Request> startedAttempts = requests.stream().filter(r -> r.event().equals("run.started")).toList();
        assertThat(startedAttempts).hasSize(MAX_ATTEMPTS).extracting(Request::deliveryId).containsOnly(started.deliveryId);
        assertThat(requests.stream().filter(Request::accepted)).extracting(Request::event)
                .containsExactly("run.created", "run.completed", "deploy.succeeded");
        assertThat(requests.indexOf(startedAttempts.get(MAX_ATTEMPTS - 1)))
                .isLessThan(requests.indexOf(requests.stream().filter(r -> r.event().equals("run.completed")).findFirst().orElseThrow()));
    }

    @Test
    void recordingAnEventOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.record("run.created", "req-none", "ws-none", Map.of("run_id", "req-none")))
                .isInstanceOf(TransactionalException.class);
    }

    @Test
    void deliveredEventsPastTheRetentionArePrunedAndGivenUpOnesKept() {
        String id = api.createRun();
        api.start(id);
        api.awaitStatus(id, "completed");
        awaitAllDelivered(id);
        long failed = outbox.failedCount();

        waiting().until(() -> {
            scope.callAsSystem(() -> outbox.pruneDeliveredOlderThan(Duration.ZERO));
            return outboxRows(id).isEmpty();
        });
        assertThat(outbox.failedCount()).isEqualTo(failed);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Waits until every outbox event of the run is delivered or given up: nothing more will be sent. */
    private void awaitAllDelivered(String runId) {
        waiting().until(() -> {
            List<WebhookEvent> rows = outboxRows(runId);
            return !rows.isEmpty() && rows.stream().allMatch(row -> row.deliveredAt != null || row.failedAt != null);
        });
    }

    private JsonNode lastRequestOf(String runId, String event) {
        List<Request> matching = receiver.requestsOf(runId).stream().filter(r -> r.event().equals(event)).toList();
        assertThat(matching).isNotEmpty();
        return matching.get(matching.size() - 1).payload();
    }

    private List<WebhookEvent> outboxRows(String runId) {
        return scope.callAsSystem(() -> WebhookEvent.<WebhookEvent>list("runId = ?1 order by id", runId));
    }

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25));
    }

    private static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
