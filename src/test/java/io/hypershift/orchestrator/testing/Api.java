package io.hypershift.orchestrator.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A client of the HTTP contract acting as one workspace, for tests. */
public final class Api {

    private final String workspaceId;

    private Api(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    /** A client of a workspace no other test uses. */
    public static Api freshWorkspace() {
        return new Api("ws-test-" + UUID.randomUUID().toString().substring(0, 12));
    }

    public static Api of(String workspaceId) {
        return new Api(workspaceId);
    }

    /** Moves the workspace to the pro tier (1000 runs a month), creating it if needed. */
    public Api onProTier() {
        request().get("/usage").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"tier\":\"pro\"}")
                .patch("/workspaces/" + workspaceId + "/tier").then().statusCode(200);
        return this;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public RequestSpecification request() {
        return given().header("X-Workspace-Id", workspaceId).contentType(ContentType.JSON);
    }

    /** Creates a run and returns its id. */
    public String createRun(String body) {
        return request().body(body).post("/runs").then().statusCode(201).extract().path("run_id");
    }

    public String createRun() {
        return createRun("{\"user_intent\":{\"description\":\"a todo app with a postgres database\"}}");
    }

    public void start(String runId) {
        request().post("/runs/" + runId + "/start").then().statusCode(202);
    }

    public JsonPath run(String runId) {
        return request().get("/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    public JsonPath logs(String runId) {
        return request().get("/runs/" + runId + "/logs").then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the run has the status, and returns it then. */
    public JsonPath awaitStatus(String runId, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> status.equals(run(runId).getString("status")));
        return run(runId);
    }

    /** Waits until the run is blocked waiting for approval. */
    public JsonPath awaitApprovalGate(String runId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> run(runId).getBoolean("awaiting_approval"));
        return run(runId);
    }
}
