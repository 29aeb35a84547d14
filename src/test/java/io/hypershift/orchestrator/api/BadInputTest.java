package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Bad input gets a 4xx JSON error and changes nothing; no request produces a 500. */
@QuarkusTest
class BadInputTest {

    private static final String RUN = "{run}";

    private final Api api = Api.freshWorkspace();
    private String runId;
    private String snapshot;

    @BeforeEach
    void oneRunInTheWorkspace() {
        runId = api.createRun("{\"user_intent\":{\"description\":\"untouched\"},\"tags\":[\"t\"]}");
        snapshot = stateOfWorkspace();
    }

    static Stream<Arguments> badRequests() {
        String huge = "x".repeat(20_000);
        return Stream.of(
                Arguments.of("POST", "/runs", "{not json", 400),
                Arguments.of("POST", "/runs", "", 400),
                Arguments.of("POST", "/runs", "[]", 400),
                Arguments.of("POST", "/runs", "\"a string\"", 400),
                Arguments.of("POST", "/runs", "{}", 400),
                Arguments.of("POST", "/runs", "{\"user_intent\":{}}", 400),
                Arguments.of("POST", "/runs", "{\"user_intent\":{\"description\":\"   \"}}", 400),
                Arguments.of("POST", "/runs", "{\"user_intent\":{\"description\":42}}", 400),
                Arguments.of("POST", "/runs", "{\"user_intent\":\"build me an app\"}", 400),
                Arguments.of("POST", "/runs", "{\"user_intent\":{\"description\":\"" + huge + "\"}}", 400),
                Arguments.of("POST", "/runs", "{\"description\":\"ok\",\"tags\":\"web\"}", 400),
                Arguments.of("POST", "/runs", "{\"description\":\"ok\",\"tags\":[1,2]}", 400),
                Arguments.of("POST", "/runs", "{\"description\":\"ok\",\"require_approval\":\"yes\"}", 400),
                Arguments.of("POST", "/runs", "{\"description\":\"ok\",\"codename\":{\"a\":1}}", 400),
                Arguments.of("POST", "/runs/" + RUN + "/feedback", "{}", 400),
                Arguments.of("POST", "/runs/" + RUN + "/feedback", "{\"useful\":\"yes\"}", 400),
                Arguments.of("POST", "/runs/" + RUN + "/feedback", "{\"deploy_succeeded\":1}", 400),
                Arguments.of("POST", "/runs/" + RUN + "/feedback", "{bad", 400),
                Arguments.of("POST", "/runs/" + RUN + "/approve", "", 400),
                Arguments.of("POST", "/runs/" + RUN + "/reject", "", 400),
                Arguments.of("GET", "/runs?limit=abc", "", 400),
                Arguments.of("GET", "/runs?limit=-5", "", 400),
                Arguments.of("GET", "/runs?limit=99999999999999999999", "", 400),
                Arguments.of("GET", "/runs?cursor=%%%", "", 400),
                Arguments.of("GET", "/runs?cursor=bm90LWEtY3Vyc29y", "", 400),
                Arguments.of("GET", "/observability/slo?days=seven", "", 400),
                Arguments.of("GET", "/runs/..%2F..%2Fetc%2Fpasswd", "", 404),
                Arguments.of("GET", "/runs/" + "r".repeat(3000), "", 404),
                Arguments.of("GET", "/runs/req-%00%01", "", 404),
                Arguments.of("POST", "/runs/' OR '1'='1/start", "", 404),
                Arguments.of("POST", "/what-if", "{\"user_intent\":{}}", 400),
                Arguments.of("POST", "/what-if", "{\"user_intent\":{\"description\":\"x\"},\"addition\":5}", 400),
                Arguments.of("POST", "/what-if", "nope", 400),
                Arguments.of("DELETE", "/runs/" + RUN, "", 405),
                Arguments.of("PUT", "/runs", "{}", 405),
                Arguments.of("GET", "/no/such/path", "", 404));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badRequests")
    void isAClearJsonErrorThatChangesNothing(String method, String path, String body, int status) {
        Response response = api.request().body(body).request(method, path.replace(RUN, runId));

        response.then().statusCode(status).contentType("application/json").body("error", notNullValue());
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(stateOfWorkspace()).isEqualTo(snapshot);
    }

    @Test
    void invalidUserIntentListsEveryProblemUnderDetails() {
        api.request().body("{\"user_intent\":{\"description\":\"\"},\"tags\":\"x\",\"require_approval\":1}").post("/runs")
                .then().statusCode(400).body("error", equalTo("Invalid user_intent"))
                .body("details.description", notNullValue()).body("details.tags", notNullValue())
                .body("details.require_approval", notNullValue());
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String body = "{\"description\":\"" + "y".repeat(400_000) + "\"}";
        api.request().body(body).post("/runs").then().statusCode(413).body("error", equalTo("Request body too large"));
        assertThat(stateOfWorkspace()).isEqualTo(snapshot);
    }

    @Test
    void aNonJsonContentTypeIsRefusedWith415() {
        given().header("X-Workspace-Id", api.workspaceId()).contentType("text/plain").body("description=x")
                .post("/runs").then().statusCode(415).body("error", notNullValue());
        assertThat(stateOfWorkspace()).isEqualTo(snapshot);
    }

    @Test
    void badWorkspaceAndActorHeadersAreRefused() {
        given().header("X-Workspace-Id", "../../etc").get("/runs").then().statusCode(400).body("error", notNullValue());
        given().header("X-Workspace-Id", "w".repeat(300)).get("/runs").then().statusCode(400);
        given().queryParam("workspace_id", "a b").get("/usage").then().statusCode(400);
        api.request().header("X-User-Id", "x".repeat(500)).post("/runs/" + runId + "/rollback").then().statusCode(400);
        assertThat(stateOfWorkspace()).isEqualTo(snapshot);
    }

    @Test
    void unicodeAndControlCharactersInTextAreStoredVerbatim() {
        String description = "déployer 🚀 \\u0000 <script>alert(1)</script> '; DROP TABLE runs; --";
        String id = api.createRun("{\"description\":\"" + description + "\"}");
        assertThat(api.run(id).getString("user_intent.description")).isEqualTo(description.replace("\\u0000", "\u0000"));
    }

    /** Everything the workspace can see: its runs with their audit logs, and its usage. */
    private String stateOfWorkspace() {
        StringBuilder state = new StringBuilder(api.request().get("/usage").asString());
        for (String id : api.request().get("/runs").then().extract().jsonPath().<String>getList("runs.id")) {
            state.append(api.run(id).prettify()).append(api.logs(id).prettify());
        }
        return state.toString();
    }
}
