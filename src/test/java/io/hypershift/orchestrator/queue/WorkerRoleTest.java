package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.run.NewRun;
import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.run.RunService;
import io.hypershift.orchestrator.testing.RedisServerResource;
import io.hypershift.orchestrator.testing.RespClient;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.hypershift.orchestrator.workspace.WorkspaceService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The same build in the worker role: a consumer from boot, and over HTTP only health and metrics. */
@QuarkusTest
@TestProfile(WorkerProfile.class)
class WorkerRoleTest {

    @Inject
    JobConsumers consumers;
    @Inject
    WorkspaceService workspaces;
    @Inject
    WorkspaceScope scope;
    @Inject
    RunService runs;
    @Inject
    RunQueries queries;

    private final RespClient redis = new RespClient(RedisServerResource.current());

    @Test
    void theRunsApiIsNotServed() {
        for (String path : List.of("/runs", "/", "/health", "/usage", "/runs/req-1/logs")) {
            given().get(path).then().statusCode(404).contentType("application/json").body("error", equalTo("Not Found"));
        }
        given().contentType("application/json").body("{\"description\":\"x\"}").post("/runs").then().statusCode(404)
                .body("error", equalTo("Not Found"));
    }

    @Test
    void healthReflectsTheConsumerAndMetricsAreServed() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'job-consumers' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job-queue' }.status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("hypershift_queue_depth"))
                .body(containsString("hypershift_queue_dead_jobs"))
                .body(containsString("hypershift_queue_jobs_in_flight"));
    }

    @Test
    void theWorkerConsumesFromBootAndExecutesTheRunOfAJob() {
        assertThat(consumers.running()).hasSize(1);
        String workspaceId = "ws-worker-" + UUID.randomUUID().toString().substring(0, 8);
        workspaces.ensureExists(workspaceId);
        String runId = scope.call(workspaceId, null, () -> {
            String id = runs.create(new NewRun("{\"description\":\"made by an API elsewhere\"}", null, List.of(), false));
            runs.markStarted(id);
            return id;
        });

        redis.call("LPUSH", "hypershift-runs", "{\"runId\": \"" + runId + "\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> scope.call(workspaceId, null,
                () -> queries.get(runId).status.id()).equals("completed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/metrics").asString()
                .contains("hypershift_queue_jobs_processed_total 1.0"));
        given().get("/q/metrics").then().body(containsString("hypershift_pipeline_duration_seconds_count"));
    }
}
