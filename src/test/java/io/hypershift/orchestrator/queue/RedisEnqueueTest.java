package io.hypershift.orchestrator.queue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With Redis configured the API only enqueues: the contract's job on hypershift-runs, nothing executed. */
@QuarkusTest
@TestProfile(RedisQueueProfile.class)
class RedisEnqueueTest extends RedisQueueTestSupport {

    @Test
    void startPushesTheRunIdJobOntoTheListAndTheApiExecutesNothing() {
        String runId = startedRun();

        assertThat(queued()).contains("{\"runId\":\"" + runId + "\"}");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> completedSteps(runId).isEmpty() && "running".equals(api.run(runId).getString("status")));

        startConsumer("enqueue", 1);
        awaitCompletedWithEachStepOnce(runId);
        assertThat(queued()).doesNotContain(job(runId));
    }

    @Test
    void approveAndReplayEnqueueTheirRunsToo() {
        RedisJobConsumer consumer = startConsumer("gate", 1);
        String runId = api.createRun("{\"user_intent\":{\"description\":\"needs a human\"},\"require_approval\":true}");
        api.start(runId);
        api.awaitApprovalGate(runId);
        consumers.stop(consumer, Duration.ofSeconds(10));

        api.request().post("/runs/" + runId + "/approve").then().statusCode(200);
        String replayId = api.request().post("/runs/" + runId + "/replay").then().statusCode(201)
                .extract().path("run_id");

        assertThat(queued()).contains(job(runId), job(replayId));
        startConsumer("gate", 1);
        awaitCompletedWithEachStepOnce(runId);
        api.awaitApprovalGate(replayId);
    }
}
