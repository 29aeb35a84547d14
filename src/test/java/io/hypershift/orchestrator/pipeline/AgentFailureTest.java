package io.hypershift.orchestrator.pipeline;

import io.hypershift.orchestrator.testing.AgentServer;
import io.hypershift.orchestrator.testing.AgentServerResource;
import io.hypershift.orchestrator.testing.Api;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The builder agent is a real HTTP server; the other agents are the built-in stubs. */
@QuarkusTest
@TestProfile(AgentFailureTest.BuilderOverHttp.class)
class AgentFailureTest {

    public static class BuilderOverHttp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypershift.store.location", "target/test-store/agent-failure.db");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(AgentServerResource.class, Map.of("agents", "builder")));
        }
    }

    private final Api api = Api.freshWorkspace();

    @BeforeEach
    void builderAnswersNormally() {
        agent().answer("/builder", AgentServer.Reply.json("{\"build_plan\":{\"image\":\"app:1\"},\"deployment_url\":\"https://app.example\"}"));
        agent().answer("/health", AgentServer.Reply.json("{\"status\":\"ok\"}"));
    }

    @Test
    void anAgentErrorFailsTheRunAtThatStep() {
        agent().answer("/builder", AgentServer.Reply.status(500));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "failed");
        assertThat(run.getString("failed_step")).isEqualTo("builder");
        assertThat(run.getString("error")).contains("builder").contains("500");
        assertThat(run.getInt("current_step")).isEqualTo(2);
        assertThat(run.getMap("architect_output")).isNotEmpty();
        assertThat(run.getString("builder_output")).isNull();
        assertThat(run.getString("completed_at")).isNotNull();
        assertThat(run.getLong("duration_ms")).isGreaterThanOrEqualTo(0);
        JsonPath failed = new JsonPath(api.logs(id).prettify()).setRootPath("logs.find { it.action == 'run.failed' }");
        assertThat(failed.getString("details.failed_step")).isEqualTo("builder");
        assertThat(failed.getString("details.error")).isEqualTo(run.getString("error"));
        api.request().get("/observability/outcomes").then()
                .body("outcomes[0].run_id", equalTo(id)).body("outcomes[0].failed_step", equalTo("builder"));
    }

    @Test
    void aReplyThatIsNotJsonFailsTheRunCleanly() {
        agent().answer("/builder", new AgentServer.Reply(200, "<html>oops</html>", 0));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "failed");
        assertThat(run.getString("error")).isEqualTo("builder agent reply is not JSON");
    }

    @Test
    void theBuilderGetsTheIntentAndBlueprintWithAnIdempotencyKey() {
        String id = api.createRun("{\"description\":\"check the wire\"}");
        api.start(id);
        JsonPath run = api.awaitStatus(id, "completed");

        AgentServer.Call call = agent().calls("/builder").stream()
                .filter(c -> c.idempotencyKey().equals(id + ":builder")).findFirst().orElseThrow();
        JsonPath body = new JsonPath(call.body());
        assertThat(body.getString("user_intent.description")).isEqualTo("check the wire");
        assertThat(body.getMap("blueprint_manifest")).isEqualTo(run.getMap("architect_output"));
        assertThat(run.getString("deployment_url")).isEqualTo("https://app.example");
    }

    @Test
    void fleetHealthReportsAnAgentWhoseHealthCheckFails() {
        agent().answer("/health", AgentServer.Reply.status(503));
        given().get("/fleet-health").then().statusCode(200)
                .body("agents.builder", equalTo("down")).body("agents.architect", equalTo("ok"));
    }

    private static AgentServer agent() {
        return AgentServerResource.current();
    }
}
