package io.hypershift.orchestrator.pipeline;

import io.agroal.api.AgroalDataSource;
import io.hypershift.orchestrator.run.RunBusyException;
import io.hypershift.orchestrator.run.RunService;
import io.hypershift.orchestrator.run.Step;
import io.hypershift.orchestrator.testing.AgentServer;
import io.hypershift.orchestrator.testing.AgentServer.Reply;
import io.hypershift.orchestrator.testing.AgentServerResource;
import io.hypershift.orchestrator.testing.Api;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** All five agents are one real HTTP server started by the test, scripted per path. */
@QuarkusTest
@TestProfile(AgentsOverHttpTest.AgentsOverHttp.class)
class AgentsOverHttpTest {

    public static class AgentsOverHttp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypershift.store.location", "target/test-store/agents-over-http.db",
                    "hypershift.agents.timeout-ms", "1000",
                    "hypershift.agents.max-attempts", "3",
                    "hypershift.agents.initial-backoff", "10ms",
                    "hypershift.agents.max-backoff", "50ms",
                    "hypershift.pipeline.step-delay-ms", String.valueOf(STEP_DELAY_MS));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AgentServerResource.class));
        }
    }

    static final long STEP_DELAY_MS = 50;

    private static final String BUILD = "{\"build_plan\":{\"image\":\"app:1\"},\"infra\":{\"cpu\":\"1\"},"
            + "\"deployment_url\":\"https://app.example\"}";

    @Inject
    PipelineExecutor pipeline;
    @Inject
    RunService runs;
    @Inject
    WorkspaceScope scope;
    @Inject
    AgroalDataSource store;

    private final Api api = Api.freshWorkspace();

    @BeforeEach
    void agentsAnswerNormally() {
        agents().reset();
        agents().answer("/architect", Reply.json("{\"blueprint_manifest\":{\"name\":\"shop\"}}"));
        agents().answer("/builder", Reply.json(BUILD));
        agents().answer("/sentinel", Reply.json("{\"veto\":false}"));
        agents().answer("/sre/check", Reply.json("{\"healthy\":true}"));
        agents().answer("/finops", Reply.json("{\"estimatedMonthlyCost\":42,\"currency\":\"USD\",\"riskLevel\":\"low\"}"));
    }

    @Test
    void eachStepSendsTheContractBodyWithAStableIdempotencyKey() {
        String id = api.createRun("{\"description\":\"check the wire\",\"target\":\"aws\"}");
        api.start(id);
        JsonPath run = api.awaitStatus(id, "completed");

        JsonPath architect = body("/architect", id);
        assertThat(architect.getString("user_intent.description")).isEqualTo("check the wire");
        JsonPath builder = body("/builder", id);
        assertThat(builder.getString("user_intent.target")).isEqualTo("aws");
        assertThat(builder.getString("blueprint_manifest.name")).isEqualTo("shop");
        JsonPath sentinel = body("/sentinel", id);
        assertThat(sentinel.getString("blueprint_manifest.name")).isEqualTo("shop");
        assertThat(sentinel.getString("build_plan.image")).isEqualTo("app:1");
        JsonPath sre = body("/sre/check", id);
        assertThat(sre.getString("deployment_url")).isEqualTo("https://app.example");
        assertThat(sre.getString("run_id")).isEqualTo(id);
        JsonPath finops = body("/finops", id);
        assertThat(finops.getString("blueprint_manifest.name")).isEqualTo("shop");
        assertThat(finops.getString("infra.cpu")).isEqualTo("1");

        assertThat(run.getString("architect_output.name")).isEqualTo("shop");
        assertThat(run.getString("deployment_url")).isEqualTo("https://app.example");
        assertThat(run.getInt("finops_output.estimatedMonthlyCost")).isEqualTo(42);
    }

    @Test
    void stepsArePacedByTheConfiguredDelay() {
        String id = api.createRun();
        api.start(id);
        api.awaitStatus(id, "completed");

        List<Instant> finished = api.logs(id).<String>getList("logs.findAll { it.action == 'step.completed' }.created_at")
                .stream().map(Instant::parse).toList();
        assertThat(finished).hasSize(5);
        for (int i = 1; i < finished.size(); i++) {
            assertThat(Duration.between(finished.get(i - 1), finished.get(i)).toMillis()).isGreaterThanOrEqualTo(STEP_DELAY_MS);
        }
    }

    @Test
    void aStepSucceedsAfterTwo503s() {
        agents().answerNext("/builder", Reply.status(503), Reply.status(503));
        String id = api.createRun();
        api.start(id);

        api.awaitStatus(id, "completed");
        assertThat(calls("/builder", id)).hasSize(3);
    }

    @Test
    void a429IsRetriedToo() {
        agents().answerNext("/sre/check", Reply.status(429));
        String id = api.createRun();
        api.start(id);

        api.awaitStatus(id, "completed");
        assertThat(calls("/sre/check", id)).hasSize(2);
    }

    @Test
    void a500ThatPersistsFailsTheRunAtThatStepAfterTheLastAttempt() {
        agents().answer("/builder", Reply.status(500));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "failed");
        assertThat(run.getString("failed_step")).isEqualTo("builder");
        assertThat(run.getString("error")).isEqualTo("builder agent answered HTTP 500 (3 attempts)");
        assertThat(run.getInt("current_step")).isEqualTo(2);
        assertThat(run.getString("builder_output")).isNull();
        assertThat(run.getString("completed_at")).isNotNull();
        assertThat(calls("/builder", id)).hasSize(3);
        assertThat(calls("/sentinel", id)).isEmpty();
        JsonPath failed = new JsonPath(api.logs(id).prettify()).setRootPath("logs.find { it.action == 'run.failed' }");
        assertThat(failed.getString("details.failed_step")).isEqualTo("builder");
        assertThat(failed.getString("details.error")).isEqualTo(run.getString("error"));
    }

    @Test
    void aTimeoutFailsTheRunAtThatStep() {
        agents().answer("/sre/check", new Reply(200, "{}", 3_000));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "failed");
        assertThat(run.getString("failed_step")).isEqualTo("sre");
        assertThat(run.getString("error")).isEqualTo("sre agent timed out after 1000 ms (3 attempts)");
        assertThat(run.getMap("sentinel_output")).isNotNull();
    }

    @Test
    void aClientErrorIsNotRetried() {
        agents().answer("/architect", Reply.status(400));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "failed");
        assertThat(run.getString("error")).isEqualTo("architect agent answered HTTP 400");
        assertThat(calls("/architect", id)).hasSize(1);
    }

    @Test
    void aReplyThatIsNotJsonFailsTheRunCleanly() {
        agents().answer("/builder", new Reply(200, "<html>oops</html>", 0));
        String id = api.createRun();
        api.start(id);

        assertThat(api.awaitStatus(id, "failed").getString("error")).isEqualTo("builder agent reply is not JSON");
    }

    @Test
    void aReplyLackingWhatTheStepNeedsFailsTheRun() {
        agents().answer("/sentinel", Reply.json("{\"veto\":\"maybe\"}"));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "failed");
        assertThat(run.getString("failed_step")).isEqualTo("sentinel");
        assertThat(run.getString("error")).isEqualTo("sentinel agent reply has a non-boolean veto");
    }

    @Test
    void aSentinelVetoBlocksTheRunAndSreAndFinopsAreNeverCalled() {
        agents().answer("/sentinel", Reply.json("{\"veto\":true,\"reason\":\"public bucket\"}"));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "blocked");
        assertThat(run.getString("failed_step")).isEqualTo("sentinel");
        assertThat(calls("/sre/check", id)).isEmpty();
        assertThat(calls("/finops", id)).isEmpty();
    }

    @Test
    void noDeploymentUrlFromTheAgentsMeansNoneOnTheRunAndNoDeploySucceeded() {
        agents().answer("/builder", Reply.json("{\"build_plan\":{}}"));
        String id = api.createRun();
        api.start(id);

        JsonPath run = api.awaitStatus(id, "completed");
        assertThat(run.getString("deployment_url")).isNull();
        assertThat(api.logs(id).getList("logs.action")).doesNotContain("deploy.succeeded");
    }

    @Test
    void racingExecutionsOfOneRunCallEachAgentOnce() throws Exception {
        agents().answer("/architect", new Reply(200, "{\"blueprint_manifest\":{\"name\":\"slow\"}}", 100));
        String id = api.createRun();
        scope.run(api.workspaceId(), null, () -> runs.markStarted(id));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch ready = new CountDownLatch(8);
        List<Future<Boolean>> executions = IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> {
            ready.countDown();
            awaitQuietly(ready);
            try {
                pipeline.executePipeline(id);
                return true;
            } catch (RunBusyException e) {
                return false;
            }
        })).toList();
        long proceeded = 0;
        for (Future<Boolean> execution : executions) {
            proceeded += execution.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(proceeded).as("executions that were not turned away").isGreaterThanOrEqualTo(1);

        api.awaitStatus(id, "completed");
        for (String path : List.of("/architect", "/builder", "/sentinel", "/sre/check", "/finops")) {
            assertThat(calls(path, id)).as(path).hasSize(1);
        }
    }

    @Test
    void aRunInterruptedMidPipelineResumesWithoutCallingFinishedSteps() throws Exception {
        String id = api.createRun();
        scope.run(api.workspaceId(), null, () -> {
            runs.markStarted(id);
            runs.claim(id, "exec-that-crashed");
            runs.completeStep(id, "exec-that-crashed", Step.ARCHITECT, "{\"name\":\"from-before-the-crash\"}", null,
                    Step.BUILDER);
        });
        assertThat(api.run(id).getInt("current_step")).as("the checkpoint began the builder step").isEqualTo(2);
        assertThatThrownBy(() -> pipeline.executePipeline(id)).isInstanceOf(RunBusyException.class);
        assertThat(api.run(id).getString("status")).as("a live lease of another executor is respected").isEqualTo("running");

        expireLeases(id);
        pipeline.executePipeline(id);

        JsonPath run = api.awaitStatus(id, "completed");
        assertThat(run.getString("architect_output.name")).isEqualTo("from-before-the-crash");
        assertThat(calls("/architect", id)).isEmpty();
        assertThat(calls("/builder", id)).hasSize(1);
        assertThat(body("/builder", id).getString("blueprint_manifest.name")).isEqualTo("from-before-the-crash");
    }

    @Test
    void agentConnectionsAreKeptAliveAndReused() {
        api.onProTier();
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> api.createRun()).toList();
        ids.forEach(api::start);
        ids.forEach(id -> api.awaitStatus(id, "completed"));

        long calls = ids.stream().mapToLong(id -> List.of("/architect", "/builder", "/sentinel", "/sre/check", "/finops")
                .stream().mapToLong(path -> calls(path, id).size()).sum()).sum();
        long connections = agents().calls("/architect").stream().filter(c -> ids.contains(c.idempotencyKey().split(":")[0]))
                .map(AgentServer.Call::clientPort).distinct().count();
        assertThat(calls).isEqualTo(100);
        assertThat(connections).as("connections used by 20 architect calls").isLessThanOrEqualTo(8);
    }

    @Test
    void fleetHealthReportsAnAgentWhoseHealthCheckFails() {
        agents().answer("/health", Reply.status(503));
        given().get("/fleet-health").then().statusCode(200)
                .body("agents.builder", equalTo("down")).body("agents.architect", equalTo("down"));
        agents().answer("/health", Reply.json("{\"status\":\"ok\"}"));
        given().get("/fleet-health").then().statusCode(200).body("agents.sre", equalTo("ok"));
    }

    @Test
    void whatIfUsesTheArchitectAndFinopsAgents() {
        given().contentType("application/json").body("{\"user_intent\":{\"description\":\"a shop\"},\"addition\":\"a cache\"}")
                .post("/what-if").then().statusCode(200)
                .body("estimatedMonthlyCost", equalTo(42)).body("riskLevel", equalTo("low"));
        assertThat(new JsonPath(agents().calls("/finops").get(agents().calls("/finops").size() - 1).body())
                .getString("blueprint_manifest.name")).isEqualTo("shop");
    }

    private void expireLeases(String runId) throws Exception {
        try (Connection connection = store.getConnection();
             PreparedStatement expire = connection.prepareStatement("update runs set lease_expires_at = 0 where id = ?")) {
            expire.setString(1, runId);
            assertThat(expire.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<AgentServer.Call> calls(String path, String runId) {
        String step = path.equals("/sre/check") ? "sre" : path.substring(1);
        return agents().calls(path).stream().filter(c -> (runId + ":" + step).equals(c.idempotencyKey())).toList();
    }

    private static JsonPath body(String path, String runId) {
        List<AgentServer.Call> calls = calls(path, runId);
        assertThat(calls).as(path).hasSize(1);
        return new JsonPath(calls.get(0).body());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AgentServer agents() {
        return AgentServerResource.current();
    }
}
