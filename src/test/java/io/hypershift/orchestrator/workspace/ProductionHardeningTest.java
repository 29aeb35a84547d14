package io.hypershift.orchestrator.workspace;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The tier-update secret and the switch that makes API keys mandatory, both on. */
@QuarkusTest
@TestProfile(ProductionHardeningTest.Hardened.class)
class ProductionHardeningTest {

    static final String SECRET = "s3cret-tier-update";

    public static class Hardened implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hypershift.workspace.tier-update-secret", SECRET,
                    "hypershift.workspace.require-api-key", "true",
                    "hypershift.store.location", "target/test-store/hardened.db");
        }
    }

    @Test
    void tierAndKeyEndpointsNeedTheSecret() {
        String id = newWorkspace();
        given().contentType("application/json").body("{\"tier\":\"pro\"}").patch("/workspaces/" + id + "/tier")
                .then().statusCode(401).body("error", equalTo("Missing or invalid X-Webhook-Secret"));
        given().header("X-Webhook-Secret", "wrong").contentType("application/json").body("{\"tier\":\"pro\"}")
                .patch("/workspaces/" + id + "/tier").then().statusCode(401);
        given().get("/workspaces/" + id + "/api-keys").then().statusCode(401);
        given().contentType("application/json").body("{}").post("/workspaces/" + id + "/api-keys").then().statusCode(401);
        given().delete("/workspaces/" + id + "/api-keys/key-x").then().statusCode(401);
        given().get("/workspaces/" + id).then().body("tier", equalTo("free"));

        given().header("X-Webhook-Secret", SECRET).contentType("application/json").body("{\"tier\":\"pro\"}")
                .patch("/workspaces/" + id + "/tier").then().statusCode(200).body("tier", equalTo("pro"));
    }

    @Test
    void workspaceScopedEndpointsNeedAValidKey() {
        given().get("/runs").then().statusCode(401).body("error", equalTo("A valid API key is required"));
        given().header("X-Workspace-Id", "ws-somebody").get("/usage").then().statusCode(401);
        given().contentType("application/json").body("{\"description\":\"x\"}").post("/runs").then().statusCode(401);
        given().get("/observability/outcomes").then().statusCode(401);
        given().contentType("application/json").body("{\"user_intent\":{\"description\":\"x\"}}").post("/what-if")
                .then().statusCode(401);
        given().auth().oauth2("hs_0123abcd_0123456789abcdef01234567").get("/runs").then().statusCode(401);
    }

    @Test
    void aKeyActsForItsWorkspaceAndAHeaderNamingAnotherIsForbidden() {
        String id = newWorkspace();
        String key = issueKey(id);

        String runId = given().auth().oauth2(key).contentType("application/json").body("{\"description\":\"keyed\"}")
                .post("/runs").then().statusCode(201).extract().path("run_id");
        given().auth().oauth2(key).header("X-Workspace-Id", id).get("/runs/" + runId).then().statusCode(200);
        given().auth().oauth2(key).header("X-Workspace-Id", "ws-other").get("/runs").then().statusCode(403)
                .body("error", equalTo("The API key does not belong to workspace ws-other"));
        given().auth().oauth2(key).queryParam("workspace_id", "ws-other").get("/usage").then().statusCode(403);
    }

    @Test
    void workspacesAreNeverCreatedByNamingThem() {
        String key = issueKey(newWorkspace());
        given().auth().oauth2(key).header("X-Workspace-Id", "ws-brand-new").get("/usage").then().statusCode(403);
        given().get("/workspaces/ws-brand-new").then().statusCode(404);
    }

    private static String newWorkspace() {
        return given().contentType("application/json").body("{}").post("/workspaces").then().statusCode(201)
                .extract().path("id");
    }

    private static String issueKey(String workspaceId) {
        return given().header("X-Webhook-Secret", SECRET).contentType("application/json").body("{}")
                .post("/workspaces/" + workspaceId + "/api-keys").then().statusCode(201).extract().path("key");
    }
}
