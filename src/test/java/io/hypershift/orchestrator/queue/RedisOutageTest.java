package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.testing.RedisServer;
import io.hypershift.orchestrator.testing.RedisServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Redis goes away and comes back: the API refuses starts meanwhile, consumers reconnect, no job is lost. */
@QuarkusTest
@TestProfile(RedisQueueProfile.class)
class RedisOutageTest extends RedisQueueTestSupport {

    @Test
    void whileRedisIsDownStartIsRefusedAndReadinessIsDownThenProcessingResumes() {
        RedisServer server = RedisServerResource.current();
        RedisJobConsumer consumer = startConsumer("resilient", 2);
        String before = startedRun();
        awaitCompletedWithEachStepOnce(before);
        given().get("/q/health/ready").then().statusCode(200);
        String inFlight = startedRun();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> processing(consumer).contains(job(inFlight)));

        // Killed while the pipeline of inFlight runs: its acknowledgement has to wait for Redis.
        server.kill();

        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/ready").statusCode() == 503);
        await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.connected());
        String refused = api.createRun();
        api.request().post("/runs/" + refused + "/start").then().statusCode(503)
                .body("error", equalTo("The job queue is unavailable; try again"));
        assertThat(api.run(refused).getString("status")).isEqualTo("pending");

        server.restart();

        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        assertThat(consumer.state()).isEqualTo(RedisJobConsumer.State.RUNNING);
        api.start(refused);
        awaitCompletedWithEachStepOnce(refused);
        awaitCompletedWithEachStepOnce(inFlight);
        await().atMost(Duration.ofSeconds(40)).until(() -> processing(consumer).isEmpty());
    }
}
