package io.hypershift.orchestrator.webhook;

import io.hypershift.orchestrator.testing.StoreFiles;
import io.hypershift.orchestrator.testing.WebhookReceiver;
import io.hypershift.orchestrator.testing.WebhookReceiver.Request;
import io.hypershift.orchestrator.testing.WebhookReceiverResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process stopped after committing state changes but before delivering their events: the next
 * process to start on the same store delivers them, in order, including one the stopped process
 * had leased but not finished sending.
 */
@QuarkusTest
@TestProfile(WebhookAfterRestartTest.StoreWithUndeliveredEvents.class)
class WebhookAfterRestartTest {

    static final String STORE = "target/test-store/webhook-after-restart.db";
    static final String RUN = "req-stopped-before-delivery";

    public static class StoreWithUndeliveredEvents implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypershift.store.location", STORE, "hypershift.webhook.dispatch-interval", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WebhookReceiverResource.class), new TestResourceEntry(UndeliveredEvents.class));
        }
    }

    /** Writes what a stopped process leaves in its outbox: two events, the first leased by that process. */
    public static class UndeliveredEvents implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                String url = StoreFiles.freshMigrated(STORE);
                long now = System.currentTimeMillis();
                try (Connection connection = DriverManager.getConnection(url);
                     PreparedStatement insert = connection.prepareStatement("insert into webhook_outbox (delivery_id,"
                             + " workspace_id, run_id, event, body, created_at, next_attempt_at, claimed_by, lease_until)"
                             + " values (?, 'ws-default', ?, ?, ?, ?, ?, ?, ?)")) {
                    insertEvent(insert, "dlv-created", "run.created", now, "exec-of-the-stopped-process", now + 1_000);
                    insertEvent(insert, "dlv-started", "run.started", now + 1, null, null);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare the store", e);
            }
            return Map.of();
        }

        private static void insertEvent(PreparedStatement insert, String deliveryId, String event, long at,
                                        String claimedBy, Long leaseUntil) throws SQLException {
            insert.setString(1, deliveryId);
            insert.setString(2, RUN);
            insert.setString(3, event);
            insert.setString(4, "{\"event\":\"" + event + "\",\"payload\":{\"run_id\":\"" + RUN + "\"},\"ts\":\"x\"}");
            insert.setLong(5, at);
            insert.setLong(6, at);
            insert.setString(7, claimedBy);
            if (leaseUntil == null) {
                insert.setNull(8, java.sql.Types.BIGINT);
            } else {
                insert.setLong(8, leaseUntil);
            }
            insert.executeUpdate();
        }

        @Override
        public void stop() {
        }
    }

    WebhookReceiver receiver;

    @Test
    void eventsLeftUndeliveredByAStoppedProcessAreDeliveredInOrderOnce() {
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requestsOf(RUN).size() >= 2);

        List<Request> requests = receiver.requestsOf(RUN);
        assertThat(requests).extracting(Request::event).containsExactly("run.created", "run.started");
        assertThat(requests).extracting(Request::deliveryId).containsExactly("dlv-created", "dlv-started");
    }
}
