package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.testing.Api;
import io.hypershift.orchestrator.testing.RedisServerResource;
import io.hypershift.orchestrator.testing.RespClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared by the tests of the Redis queue: a client of the test's redis-server independent of the
 * application, and consumers started by the test inside the application (each its own instance
 * of {@link RedisJobConsumer} with its own id), stopped after each test.
 */
abstract class RedisQueueTestSupport {

    static final String QUEUE = "hypershift-runs";
    static final String DEAD = "hypershift-runs:dead";
    static final String DELIVERIES = "hypershift-runs:deliveries";

    @Inject
    JobConsumers consumers;

    final Api api = Api.freshWorkspace();
    final RespClient redis = new RespClient(RedisServerResource.current());

    @AfterEach
    void stopConsumers() {
        consumers.running().forEach(consumer -> consumers.stop(consumer, Duration.ofSeconds(10)));
    }

    RedisJobConsumer startConsumer(String id, int concurrency) {
        return consumers.start(id + "-" + System.nanoTime(), concurrency);
    }

    /** A run started through the API; its job waits in the queue. */
    String startedRun() {
        String runId = api.createRun();
        api.start(runId);
        return runId;
    }

    static String job(String runId) {
        return "{\"runId\":\"" + runId + "\"}";
    }

    List<String> queued() {
        return redis.list("LRANGE", QUEUE, "0", "-1");
    }

    List<String> processing(RedisJobConsumer consumer) {
        return processing(consumer.id());
    }

    List<String> processing(String consumerId) {
        return redis.list("LRANGE", "hypershift-runs:processing:" + consumerId, "0", "-1");
    }

    List<String> completedSteps(String runId) {
        return api.logs(runId).getList("logs.findAll { it.action == 'step.completed' }.details.step");
    }

    /** Waits for the run to complete, and checks that each agent step ran exactly once. */
    void awaitCompletedWithEachStepOnce(String runId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> "completed".equals(api.run(runId).getString("status")));
        assertThat(completedSteps(runId)).as("steps of " + runId)
                .containsExactly("architect", "builder", "sentinel", "sre", "finops");
    }
}
