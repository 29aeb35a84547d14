package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class UsageLimitTest {

    private final Api api = Api.freshWorkspace();
    private final String period = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();

    @Test
    void theFreeTierAllowsTenRunsAMonthThenAnswers402() {
        IntStream.range(0, 10).forEach(i -> api.createRun());

        api.request().body("{\"description\":\"one too many\"}").post("/runs").then().statusCode(402)
                .body("error", equalTo("Monthly run limit reached"))
                .body("current", equalTo(10)).body("limit", equalTo(10)).body("period", equalTo(period));
        api.request().get("/usage").then().statusCode(200)
                .body("workspace_id", equalTo(api.workspaceId())).body("period", equalTo(period))
                .body("runs", equalTo(10)).body("limit", equalTo(10)).body("tier", equalTo("free"));
        api.request().get("/runs").then().body("runs.size()", equalTo(10));
    }

    @Test
    void replayCountsAgainstTheLimit() {
        IntStream.range(0, 9).forEach(i -> api.createRun());
        String last = api.createRun();

        api.request().post("/runs/" + last + "/replay").then().statusCode(402).body("current", equalTo(10));
        api.request().get("/runs").then().body("runs.size()", equalTo(10));
    }

    @Test
    void theProTierRaisesTheLimit() {
        IntStream.range(0, 10).forEach(i -> api.createRun());
        api.request().body("{\"description\":\"over\"}").post("/runs").then().statusCode(402);
        given().contentType("application/json").body("{\"tier\":\"pro\"}")
                .patch("/workspaces/" + api.workspaceId() + "/tier").then().statusCode(200).body("tier", equalTo("pro"));

        api.createRun();
        api.request().get("/usage").then().body("runs", equalTo(11)).body("limit", equalTo(1000)).body("tier", equalTo("pro"));
    }
}
