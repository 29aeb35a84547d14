package io.hypershift.orchestrator.store;

import io.hypershift.orchestrator.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Without a database path the store is in memory, and every pooled connection sees the same database. */
@QuarkusTest
@TestProfile(InMemoryStoreTest.NoDatabasePath.class)
class InMemoryStoreTest {

    public static class NoDatabasePath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypershift.store.location", "file:/hypershift-in-memory-test?vfs=memdb");
        }
    }

    @Test
    void theStoreIsInMemory() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'store' }.data.kind", equalTo("sqlite-memory"));
    }

    @Test
    void runsWrittenOnOneConnectionAreSeenOnAllOthers() {
        Api api = Api.freshWorkspace();
        List<String> ids = IntStream.range(0, 8).parallel().mapToObj(i -> api.createRun()).toList();
        ids.parallelStream().forEach(api::start);
        ids.forEach(id -> api.awaitStatus(id, "completed"));
        api.request().get("/runs").then().body("runs.size()", equalTo(8));
    }
}
