package io.hypershift.orchestrator.run;

import io.hypershift.orchestrator.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients at once on one SQLite file: no lost update, no double execution, no 5xx. */
@QuarkusTest
class ConcurrentRequestsTest {

    private static final int CLIENTS = 32;

    @Test
    void thirtyTwoClientsCreatingAndStartingRunsAllSucceedAndEveryRunCompletes() throws Exception {
        List<Api> workspaces = IntStream.range(0, CLIENTS).mapToObj(i -> Api.freshWorkspace()).toList();
        List<Integer> statuses = inParallel(CLIENTS * 3, i -> {
            Api api = workspaces.get(i % CLIENTS);
            String id = api.createRun();
            int start = api.request().post("/runs/" + id + "/start").statusCode();
            return start == 202 ? 201 : start;
        });
        assertThat(statuses).containsOnly(201);

        for (Api api : workspaces) {
            List<String> ids = api.request().get("/runs").then().extract().jsonPath().getList("runs.id");
            assertThat(ids).hasSize(3);
            ids.forEach(id -> api.awaitStatus(id, "completed"));
            api.request().get("/usage").then().statusCode(200).body("runs", org.hamcrest.Matchers.equalTo(3));
        }
    }

    @Test
    void sixteenSimultaneousStartsOfOneRunStartItOnce() throws Exception {
        Api api = Api.freshWorkspace();
        String id = api.createRun();

        List<Integer> statuses = inParallel(16, i -> api.request().post("/runs/" + id + "/start").statusCode());

        assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
        assertThat(statuses.stream().filter(s -> s == 400)).hasSize(15);
        api.awaitStatus(id, "completed");
        List<String> actions = api.logs(id).getList("logs.action");
        assertThat(actions.stream().filter("run.started"::equals)).hasSize(1);
        assertThat(actions.stream().filter("step.completed"::equals)).hasSize(5);
    }

    @Test
    void racingApproveAndRejectHaveExactlyOneWinner() throws Exception {
        Api api = Api.freshWorkspace();
        String id = api.createRun("{\"description\":\"race\",\"require_approval\":true}");
        api.start(id);
        api.awaitApprovalGate(id);

        List<Integer> statuses = inParallel(10, i -> api.request()
                .post("/runs/" + id + (i % 2 == 0 ? "/approve" : "/reject")).statusCode());

        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(statuses.stream().filter(s -> s == 400)).hasSize(9);
        List<String> actions = api.logs(id).getList("logs.action");
        assertThat(actions.stream().filter(a -> a.equals("run.approved") || a.equals("run.rejected"))).hasSize(1);
    }

    @Test
    void concurrentFeedbackOnDifferentFieldsLosesNoUpdate() throws Exception {
        Api api = Api.freshWorkspace();
        String id = api.createRun();

        List<Integer> statuses = inParallel(20, i -> api.request()
                .body(i % 2 == 0 ? "{\"useful\":true}" : "{\"deploy_succeeded\":true}")
                .post("/runs/" + id + "/feedback").statusCode());

        assertThat(statuses).containsOnly(200);
        assertThat(api.run(id).getBoolean("feedback_useful")).isTrue();
        assertThat(api.run(id).getBoolean("feedback_deploy_succeeded")).isTrue();
    }

    private static List<Integer> inParallel(int tasks, IndexedTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int index = i;
                futures.add(pool.submit((Callable<Integer>) () -> task.run(index)));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedTask {
        int run(int index) throws Exception;
    }
}
