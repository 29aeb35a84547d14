package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.testing.Api;
import io.hypershift.orchestrator.testing.StoreFiles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process stopped with runs part-way through: the store it leaves behind is written before the
 * application starts, and the started application picks those runs up where they stopped.
 */
@QuarkusTest
@TestProfile(RestartRecoveryTest.StoreLeftByAStoppedProcess.class)
class RestartRecoveryTest {

    static final String STORE = "target/test-store/restart-recovery.db";
    static final String WORKSPACE = "ws-restarted";

    public static class StoreLeftByAStoppedProcess implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypershift.store.location", STORE);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(InterruptedRuns.class));
        }
    }

    /** Writes, before start-up, what a process killed mid-pipeline leaves in its store. */
    public static class InterruptedRuns implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                String url = StoreFiles.freshMigrated(STORE);
                try (Connection connection = DriverManager.getConnection(url);
                     Statement sql = connection.createStatement()) {
                    long now = System.currentTimeMillis();
                    sql.execute("insert into workspaces values ('" + WORKSPACE + "', 'restarted', 'free', " + now + ")");
                    sql.execute(run("req-after-architect", "running", 2, "'{\"name\":\"halfway\",\"summary\":\"halfway\"}'", now));
                    sql.execute(run("req-not-begun", "running", 0, "null", now));
                    sql.execute(run("req-never-started", "pending", 0, "null", now));
                    sql.execute("insert into audit_events (workspace_id, run_id, action, details, created_at) values ('"
                            + WORKSPACE + "', 'req-after-architect', 'step.completed', '{\"step\":\"architect\"}', " + now + ")");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare the store", e);
            }
            return Map.of();
        }

        private static String run(String id, String status, int step, String architectOutput, long now) {
            return "insert into runs (id, workspace_id, status, current_step, user_intent, architect_output, created_at,"
                    + " updated_at, started_at) values ('" + id + "', '" + WORKSPACE + "', '" + status + "', " + step
                    + ", '{\"description\":\"interrupted\"}', " + architectOutput + ", " + now + ", " + now + ", "
                    + ("pending".equals(status) ? "null" : String.valueOf(now)) + ")";
        }

        @Override
        public void stop() {
        }
    }

    private final Api api = Api.of(WORKSPACE);

    @Test
    void aRunStoppedAfterArchitectContinuesAtBuilderWithoutCallingArchitectAgain() {
        JsonPath run = api.awaitStatus("req-after-architect", "completed");
        assertThat(run.getString("architect_output.name")).isEqualTo("halfway");
        assertThat(architectSteps("req-after-architect")).isEqualTo(1);
    }

    @Test
    void aRunStoppedBeforeItsFirstStepRunsAllSteps() {
        api.awaitStatus("req-not-begun", "completed");
        assertThat(architectSteps("req-not-begun")).isEqualTo(1);
    }

    @Test
    void aPendingRunIsLeftPending() {
        api.awaitStatus("req-not-begun", "completed");
        assertThat(api.run("req-never-started").getString("status")).isEqualTo("pending");
    }

    private long architectSteps(String runId) {
        return api.logs(runId).getList("logs.details.step").stream().filter("architect"::equals).count();
    }
}
