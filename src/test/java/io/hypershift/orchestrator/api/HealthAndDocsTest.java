package io.hypershift.orchestrator.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class HealthAndDocsTest {

    @Test
    void readinessQueriesTheMigratedStore() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("store"))
                .body("checks.find { it.name == 'store' }.data.schema_version", notNullValue());
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theServiceEndpointsOfTheContractAnswer() {
        given().get("/").then().statusCode(200).body("service", equalTo("orchestrator")).body("version", notNullValue());
        given().get("/health").then().statusCode(200).body("status", equalTo("ok")).body("service", equalTo("orchestrator"));
        given().get("/status").then().statusCode(200).body("status", equalTo("operational"))
                .body("service", equalTo("orchestrator"))
                .body("last_deploy", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
        given().get("/fleet-health").then().statusCode(200).body("orchestrator", equalTo("ok"))
                .body("agents.architect", equalTo("ok")).body("agents.builder", equalTo("ok"))
                .body("agents.sentinel", equalTo("ok")).body("agents.sre", equalTo("ok"))
                .body("agents.finops", equalTo("ok"));
    }

    @Test
    void whatIfAsksTheArchitectAndFinopsAgents() {
        given().contentType("application/json")
                .body("{\"user_intent\":{\"description\":\"a shop\"},\"addition\":\"add a redis cache\"}")
                .post("/what-if").then().statusCode(200)
                .body("estimatedMonthlyCost", notNullValue()).body("currency", equalTo("USD"))
                .body("riskLevel", equalTo("low")).body("message", containsString("USD"));
    }

    @Test
    void theOpenApiDocumentAndSwaggerUiAreServed() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/runs"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
