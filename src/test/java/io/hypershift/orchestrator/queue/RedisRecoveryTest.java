package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs are not lost: a dead consumer's jobs are redelivered, poison jobs are buried, lost jobs re-enqueued. */
@QuarkusTest
@TestProfile(RedisQueueProfile.class)
class RedisRecoveryTest extends RedisQueueTestSupport {

    @Inject
    EntityManager store;
    @Inject
    WorkspaceScope scope;

    @Test
    void jobsOfAConsumerThatDiedWithoutAcknowledgingAreRedeliveredByTheReaper() {
        String runId = startedRun();
        // What a consumer killed with -9 leaves behind: the job in its processing list, and a
        // heartbeat key that has expired (here: was never written).
        String crashed = "crashed-" + System.nanoTime();
        assertThat(redis.call("LREM", QUEUE, "1", job(runId))).isEqualTo("1");
        redis.call("LPUSH", "hypershift-runs:processing:" + crashed, job(runId));

        RedisJobConsumer survivor = startConsumer("survivor", 1);

        awaitCompletedWithEachStepOnce(runId);
        assertThat(processing(crashed)).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> processing(survivor).isEmpty());
    }

    @Test
    void aLiveConsumerKeepsItsJobsWhileTheReaperRuns() {
        String runId = startedRun();
        String alive = "alive-" + System.nanoTime();
        redis.call("SET", "hypershift-runs:heartbeat:" + alive, alive, "PX", "30000");
        redis.call("LREM", QUEUE, "1", job(runId));
        redis.call("LPUSH", "hypershift-runs:processing:" + alive, job(runId));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> processing(alive).contains(job(runId)));

        redis.call("DEL", "hypershift-runs:heartbeat:" + alive);
        startConsumer("successor", 1);
        awaitCompletedWithEachStepOnce(runId);
    }

    @Test
    void aJobDeliveredTooOftenGoesToTheDeadListAndItsRunFails() {
        String runId = startedRun();
        // Five deliveries that never finished, as if each had crashed its worker.
        redis.call("HSET", DELIVERIES, runId, "5");

        startConsumer("poisoned", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(api.run(runId).getString("status")));
        JsonPath run = api.run(runId);
        assertThat(run.getString("error")).contains("delivered 6 times").contains("hypershift-runs:dead");
        assertThat(run.getString("failed_step")).isEqualTo("architect");
        assertThat(completedSteps(runId)).isEmpty();
        assertThat(api.logs(runId).getString("logs.find { it.action == 'run.failed' }.details.error"))
                .isEqualTo(run.getString("error"));
        assertThat(redis.list("LRANGE", DEAD, "0", "-1")).contains(job(runId));
        assertThat(queued()).doesNotContain(job(runId));
        assertThat(redis.call("HEXISTS", DELIVERIES, runId)).isEqualTo("0");
    }

    @Test
    void aJobWhosePipelineKeepsThrowingIsRetriedThenDeadLetteredAndItsRunFails() {
        String runId = startedRun();
        // A stored intent that can no longer be read makes every execution of the pipeline throw.
        scope.callAsSystem(() -> QuarkusTransaction.requiringNew().call(() -> store
                .createNativeQuery("update runs set user_intent = 'not json' where id = ?1")
                .setParameter(1, runId).executeUpdate()));

        startConsumer("retrying", 1);

        // Read from the store: the API cannot render a run whose stored intent is not JSON.
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(column(runId, "status")));
        assertThat(column(runId, "error")).contains("delivered 6 times");
        // The run is failed before its job moves to the dead list (a crash in between stays safe).
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.list("LRANGE", DEAD, "0", "-1").contains(job(runId)));
        assertThat(queued()).doesNotContain(job(runId));
    }

    private String column(String runId, String column) {
        return scope.callAsSystem(() -> (String) store
                .createNativeQuery("select " + column + " from runs where id = ?1")
                .setParameter(1, runId).getSingleResult());
    }

    @Test
    void aJobForARunThisStoreDoesNotHaveGoesToTheDeadList() {
        String job = job("req-not-in-this-store");
        redis.call("LPUSH", QUEUE, job);

        RedisJobConsumer consumer = startConsumer("wrong-store", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> redis.list("LRANGE", DEAD, "0", "-1").contains(job));
        assertThat(queued()).doesNotContain(job);
        await().atMost(Duration.ofSeconds(5)).until(() -> processing(consumer).isEmpty());
    }

    @Test
    void aJobThatNamesNoRunGoesToTheDeadList() {
        redis.call("LPUSH", QUEUE, "not a job");

        RedisJobConsumer consumer = startConsumer("reader", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> redis.list("LRANGE", DEAD, "0", "-1").contains("not a job"));
        assertThat(queued()).doesNotContain("not a job");
        await().atMost(Duration.ofSeconds(5)).until(() -> processing(consumer).isEmpty());
    }

    @Test
    void aRunningRunWhoseJobRedisLostIsQueuedAgainByTheReconciler() {
        String runId = startedRun();
        // A failover to a replica that had not received the push yet.
        assertThat(redis.call("LREM", QUEUE, "1", job(runId))).isEqualTo("1");
        startConsumer("after-failover", 1);

        awaitCompletedWithEachStepOnce(runId);
    }
}
