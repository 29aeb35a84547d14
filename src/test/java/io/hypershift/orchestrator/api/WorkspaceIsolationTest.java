package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A run of workspace A is, for workspace B, exactly a run that does not exist. */
@QuarkusTest
class WorkspaceIsolationTest {

    private final Api owner = Api.freshWorkspace();
    private final Api stranger = Api.freshWorkspace();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, ''",
            "GET, /logs",
            "POST, /start",
            "POST, /approve",
            "POST, /reject",
            "POST, /replay",
            "POST, /rollback",
            "POST, /feedback",
    })
    void everyRunEndpointAnswersNotFoundForARunOfAnotherWorkspace(String method, String suffix) {
        String id = owner.createRun("{\"user_intent\":{\"description\":\"private\"},\"require_approval\":true}");
        String before = owner.run(id).prettify();
        long ownerAuditEntries = owner.logs(id).getList("logs").size();

        Response response = stranger.request().body("{\"useful\":true}").request(method, "/runs/" + id + suffix);

        response.then().statusCode(404).body("error", equalTo("Run not found"));
        assertThat(owner.run(id).prettify()).isEqualTo(before);
        assertThat(owner.logs(id).getList("logs")).hasSize((int) ownerAuditEntries);
    }

    @Test
    void theNotFoundAnswerIsTheSameAsForARunThatDoesNotExist() {
        String id = owner.createRun();
        String foreign = stranger.request().get("/runs/" + id).then().statusCode(404).extract().asString();
        String missing = stranger.request().get("/runs/req-doesnotexist").then().statusCode(404).extract().asString();
        assertThat(foreign).isEqualTo(missing);
    }

    @Test
    void replayingAnotherWorkspacesRunCreatesNothingAndCountsNothing() {
        String id = owner.createRun();
        stranger.request().post("/runs/" + id + "/replay").then().statusCode(404);
        assertThat(stranger.request().get("/runs").then().extract().jsonPath().getList("runs")).isEmpty();
        stranger.request().get("/usage").then().body("runs", equalTo(0));
        owner.request().get("/usage").then().body("runs", equalTo(1));
    }

    @Test
    void listsUsageAndObservabilityNeverMixWorkspaces() {
        String mine = owner.createRun();
        owner.start(mine);
        owner.awaitStatus(mine, "completed");
        String theirs = stranger.createRun();
        stranger.start(theirs);
        stranger.awaitStatus(theirs, "completed");

        assertThat(owner.request().get("/runs").then().extract().jsonPath().getList("runs.id")).containsExactly(mine);
        assertThat(stranger.request().get("/runs").then().extract().jsonPath().getList("runs.id")).containsExactly(theirs);
        owner.request().get("/usage").then().body("runs", equalTo(1)).body("workspace_id", equalTo(owner.workspaceId()));
        assertThat(owner.request().get("/observability/outcomes").then().extract().jsonPath().getList("outcomes.run_id"))
                .containsExactly(mine);
        owner.request().get("/observability/slo").then().body("total_runs", equalTo(1))
                .body("workspace_id", equalTo(owner.workspaceId()));
    }

    @Test
    void theWorkspaceComesFromTheOrgHeaderOrTheQueryWhenNoWorkspaceHeaderIsGiven() {
        String viaOrgHeader = given().header("X-Org-Id", owner.workspaceId()).contentType("application/json")
                .body("{\"description\":\"org header\"}").post("/runs").then().statusCode(201).extract().path("run_id");
        String viaQuery = given().queryParam("workspace_id", owner.workspaceId()).contentType("application/json")
                .body("{\"description\":\"query\"}").post("/runs").then().statusCode(201).extract().path("run_id");
        String viaOrgQuery = given().queryParam("org_id", owner.workspaceId()).contentType("application/json")
                .body("{\"description\":\"org query\"}").post("/runs").then().statusCode(201).extract().path("run_id");

        assertThat(owner.request().get("/runs").then().extract().jsonPath().getList("runs.id"))
                .containsExactlyInAnyOrder(viaOrgHeader, viaQuery, viaOrgQuery);
        given().queryParam("workspace_id", stranger.workspaceId()).get("/runs/" + viaQuery).then().statusCode(404);
    }

    @Test
    void theWorkspaceHeaderWinsOverTheQuery() {
        String id = given().header("X-Workspace-Id", owner.workspaceId()).queryParam("workspace_id", stranger.workspaceId())
                .contentType("application/json").body("{\"description\":\"header wins\"}")
                .post("/runs").then().statusCode(201).extract().path("run_id");
        owner.request().get("/runs/" + id).then().statusCode(200);
    }

    @Test
    void aWorkspaceNamedForTheFirstTimeIsCreatedOnTheFreeTier() {
        Api newcomer = Api.freshWorkspace();
        newcomer.request().get("/usage").then().statusCode(200).body("tier", equalTo("free")).body("limit", equalTo(10));
        given().get("/workspaces/" + newcomer.workspaceId()).then().statusCode(200).body("tier", equalTo("free"));
    }
}
