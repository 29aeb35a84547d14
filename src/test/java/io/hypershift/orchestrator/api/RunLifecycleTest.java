package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class RunLifecycleTest {

    private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private final Api api = Api.freshWorkspace();

    @Test
    void aStartedRunGoesThroughAllFiveStepsAndCompletes() {
        String id = api.createRun("{\"user_intent\":{\"description\":\"a todo app\",\"target\":\"aws\"},"
                + "\"codename\":\"falcon\",\"tags\":[\"web\",\"demo\"]}");
        assertThat(id).startsWith("req-");
        JsonPath pending = api.run(id);
        assertThat(pending.getString("status")).isEqualTo("pending");
        assertThat(pending.getInt("current_step")).isZero();

        api.start(id);
        JsonPath run = api.awaitStatus(id, "completed");

        assertThat(run.getInt("current_step")).isEqualTo(6);
        assertThat(run.getString("user_intent.description")).isEqualTo("a todo app");
        assertThat(run.getString("user_intent.target")).isEqualTo("aws");
        assertThat(run.getString("codename")).isEqualTo("falcon");
        assertThat(run.getList("tags")).containsExactly("web", "demo");
        assertThat(run.getMap("architect_output")).containsKey("name");
        assertThat(run.getMap("builder_output")).containsKey("build_plan");
        assertThat(run.getBoolean("sentinel_output.veto")).isFalse();
        assertThat(run.getMap("sre_output")).containsKey("healthy");
        assertThat(run.getMap("finops_output")).containsKey("estimatedMonthlyCost");
        assertThat(run.getString("deployment_url")).isEqualTo(run.getString("builder_output.deployment_url"));
        assertThat(run.getString("error")).isNull();
        assertThat(run.getString("workspace_id")).isEqualTo(api.workspaceId());
        assertThat(run.getLong("duration_ms")).isGreaterThanOrEqualTo(0);
        for (String field : List.of("created_at", "updated_at", "started_at", "completed_at")) {
            assertThat(run.getString(field)).as(field).matches(ISO_MILLIS);
        }
        assertThat(actions(id)).containsExactly("run.created", "run.started",
                "step.completed", "step.completed", "step.completed", "step.completed", "step.completed",
                "run.completed", "deploy.succeeded");
        assertThat(api.logs(id).getList("logs.details.step")).containsSubsequence(
                "architect", "builder", "sentinel", "sre", "finops");
    }

    @Test
    void aBareIntentObjectIsAcceptedAsTheBody() {
        String id = api.createRun("{\"description\":\"bare intent\",\"constraints\":{\"budget\":100}}");
        JsonPath run = api.run(id);
        assertThat(run.getString("user_intent.description")).isEqualTo("bare intent");
        assertThat(run.getInt("user_intent.constraints.budget")).isEqualTo(100);
    }

    @Test
    void aSecondStartIsRefusedAndTheRunExecutesOnce() {
        String id = api.createRun();
        api.start(id);
        api.request().post("/runs/" + id + "/start").then().statusCode(400)
                .body("error", startsWith("Run is not pending"));
        api.awaitStatus(id, "completed");
        api.request().post("/runs/" + id + "/start").then().statusCode(400);
        assertThat(actions(id)).containsOnlyOnce("run.started");
        assertThat(actions(id).stream().filter("step.completed"::equals)).hasSize(5);
    }

    @Test
    void anApprovalRunStopsBeforeSreAndResumesThereWhenApproved() {
        String id = api.createRun("{\"user_intent\":{\"description\":\"needs a human\"},\"require_approval\":true}");
        api.start(id);
        JsonPath gated = api.awaitApprovalGate(id);
        assertThat(gated.getString("status")).isEqualTo("blocked");
        assertThat(gated.getString("sre_output")).isNull();
        assertThat(gated.getMap("sentinel_output")).isNotNull();
        assertThat(gated.getInt("current_step")).as("waiting after sentinel, SRE not begun").isEqualTo(3);
        assertThat(actions(id)).endsWith("run.awaiting_approval");

        api.request().header("X-User-Id", "alice").post("/runs/" + id + "/approve").then().statusCode(200)
                .body("message", equalTo("Approved")).body("run_id", equalTo(id));
        JsonPath run = api.awaitStatus(id, "completed");

        assertThat(run.getString("approved_by")).isEqualTo("alice");
        assertThat(run.getString("approved_at")).matches(ISO_MILLIS);
        List<String> steps = api.logs(id).getList("logs.findAll { it.action == 'step.completed' }.details.step");
        assertThat(steps).containsExactly("architect", "builder", "sentinel", "sre", "finops");
        List<String> actions = actions(id);
        assertThat(actions.indexOf("run.approved")).isLessThan(actions.lastIndexOf("step.completed") - 1);
        assertThat(api.logs(id).getString("logs.find { it.action == 'run.approved' }.actor")).isEqualTo("alice");
    }

    @Test
    void aRejectedRunStaysBlockedWithApprovalAsTheFailedStep() {
        String id = api.createRun("{\"user_intent\":{\"description\":\"needs a human\"},\"require_approval\":true}");
        api.start(id);
        api.awaitApprovalGate(id);

        api.request().header("X-Actor", "bob").post("/runs/" + id + "/reject").then().statusCode(200)
                .body("message", equalTo("Rejected")).body("run_id", equalTo(id));

        JsonPath run = api.run(id);
        assertThat(run.getString("status")).isEqualTo("blocked");
        assertThat(run.getString("failed_step")).isEqualTo("approval");
        assertThat(run.getString("rejected_by")).isEqualTo("bob");
        assertThat(run.getBoolean("awaiting_approval")).isFalse();
        api.request().post("/runs/" + id + "/approve").then().statusCode(400)
                .body("error", equalTo("Run is not awaiting approval"));
        api.request().post("/runs/" + id + "/reject").then().statusCode(400);
    }

    @Test
    void approveAndRejectOfARunNotAtTheGateAreRefused() {
        String id = api.createRun();
        api.request().post("/runs/" + id + "/approve").then().statusCode(400);
        api.request().post("/runs/" + id + "/reject").then().statusCode(400);
        assertThat(api.run(id).getString("status")).isEqualTo("pending");
    }

    @Test
    void theSentinelVetoBlocksTheRunBeforeSre() {
        String id = api.createRun("{\"user_intent\":{\"description\":\"an insecure public bucket\"}}");
        api.start(id);
        JsonPath run = api.awaitStatus(id, "blocked");
        assertThat(run.getString("failed_step")).isEqualTo("sentinel");
        assertThat(run.getInt("current_step")).as("stopped at sentinel, SRE never begun").isEqualTo(3);
        assertThat(run.getBoolean("sentinel_output.veto")).isTrue();
        assertThat(run.getString("sre_output")).isNull();
        assertThat(run.getString("finops_output")).isNull();
        assertThat(run.getString("completed_at")).matches(ISO_MILLIS);
        assertThat(api.logs(id).getString("logs.find { it.action == 'run.blocked' }.details.reason"))
                .isEqualTo("sentinel_veto");
    }

    @Test
    void replayCreatesAndStartsACopyOfTheRun() {
        String id = api.createRun("{\"user_intent\":{\"description\":\"replay me\"},\"codename\":\"echo\","
                + "\"tags\":[\"x\"],\"require_approval\":true}");
        String copy = api.request().post("/runs/" + id + "/replay").then().statusCode(201)
                .body("run_id", startsWith("req-")).extract().path("run_id");

        assertThat(copy).isNotEqualTo(id);
        JsonPath replayed = api.awaitApprovalGate(copy);
        assertThat(replayed.getString("user_intent.description")).isEqualTo("replay me");
        assertThat(replayed.getString("codename")).isEqualTo("echo");
        assertThat(replayed.getList("tags")).containsExactly("x");
        assertThat(replayed.getBoolean("require_approval")).isTrue();
        assertThat(replayed.getString("replay_of")).isEqualTo(id);
        assertThat(api.run(id).getString("status")).isEqualTo("pending");
    }

    @Test
    void rollbackIsRecordedInTheAuditLog() {
        String id = api.createRun();
        api.start(id);
        api.awaitStatus(id, "completed");
        api.request().post("/runs/" + id + "/rollback").then().statusCode(200)
                .body("audit_recorded", equalTo(true)).body("message", org.hamcrest.Matchers.notNullValue());
        assertThat(actions(id)).endsWith("rollback.executed");
    }

    @Test
    void feedbackIsStoredOnTheRun() {
        String id = api.createRun();
        api.request().body("{\"useful\":true}").post("/runs/" + id + "/feedback").then().statusCode(200)
                .body("message", equalTo("Feedback recorded")).body("run_id", equalTo(id));
        api.request().body("{\"deploy_succeeded\":false}").post("/runs/" + id + "/feedback").then().statusCode(200);
        JsonPath run = api.run(id);
        assertThat(run.getBoolean("feedback_useful")).isTrue();
        assertThat(run.getBoolean("feedback_deploy_succeeded")).isFalse();
        assertThat(run.getString("feedback_at")).matches(ISO_MILLIS);
    }

    @Test
    void logsAreOldestFirstWithTheContractFields() {
        String id = api.createRun();
        api.request().get("/runs/" + id + "/logs").then().statusCode(200)
                .body("run_id", equalTo(id))
                .body("logs[0].action", equalTo("run.created"))
                .body("logs[0].run_id", equalTo(id))
                .body("logs[0].created_at", matchesPattern(ISO_MILLIS))
                .body("logs[0].id", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void listsAreNewestFirstAndFilterByTag() {
        String first = api.createRun("{\"description\":\"one\",\"tags\":[\"blue\"]}");
        String second = api.createRun("{\"description\":\"two\",\"tags\":[\"green\"]}");
        String third = api.createRun("{\"description\":\"three\",\"tags\":[\"blue\",\"green\"]}");

        assertThat(api.request().get("/runs").then().statusCode(200).extract().jsonPath().getList("runs.id"))
                .containsExactly(third, second, first);
        assertThat(api.request().queryParam("tag", "blue").get("/runs").then().extract().jsonPath().getList("runs.id"))
                .containsExactly(third, first);
        api.request().get("/runs").then()
                .body("runs[0].status", equalTo("pending"))
                .body("runs[0].created_at", matchesPattern(ISO_MILLIS))
                .body("runs[0].tags", org.hamcrest.Matchers.contains("blue", "green"));
    }

    @Test
    void listsPageWithLimitAndCursor() {
        String a = api.createRun();
        String b = api.createRun();
        String c = api.createRun();

        JsonPath page1 = api.request().queryParam("limit", 2).get("/runs").then().statusCode(200).extract().jsonPath();
        assertThat(page1.getList("runs.id")).containsExactly(c, b);
        JsonPath page2 = api.request().queryParam("limit", 2).queryParam("cursor", page1.getString("next_cursor"))
                .get("/runs").then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("runs.id")).containsExactly(a);
        assertThat(page2.getString("next_cursor")).isNull();
    }

    private List<String> actions(String runId) {
        return api.logs(runId).getList("logs.action");
    }
}
