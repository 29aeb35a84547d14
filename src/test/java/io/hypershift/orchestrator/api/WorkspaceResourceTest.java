package io.hypershift.orchestrator.api;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class WorkspaceResourceTest {

    @Inject
    AgroalDataSource store;

    @Test
    void aCreatedWorkspaceCanBeReadBack() {
        JsonPath created = given().contentType("application/json").body("{\"name\":\"Acme\"}")
                .post("/workspaces").then().statusCode(201)
                .body("id", startsWith("ws-")).body("name", equalTo("Acme")).body("tier", equalTo("free"))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"))
                .extract().jsonPath();

        given().get("/workspaces/" + created.getString("id")).then().statusCode(200)
                .body("name", equalTo("Acme")).body("tier", equalTo("free"));
    }

    @Test
    void anUnknownWorkspaceIsNotFound() {
        given().get("/workspaces/ws-nope").then().statusCode(404).body("error", equalTo("Workspace not found"));
        given().contentType("application/json").body("{\"tier\":\"pro\"}").patch("/workspaces/ws-nope/tier")
                .then().statusCode(404);
        given().get("/workspaces/ws-nope/api-keys").then().statusCode(404);
    }

    @Test
    void theTierChangesOnlyToAKnownTier() {
        String id = newWorkspace();
        given().contentType("application/json").body("{\"tier\":\"enterprise\"}").patch("/workspaces/" + id + "/tier")
                .then().statusCode(400).body("error", equalTo("tier must be \"free\" or \"pro\""));
        given().contentType("application/json").body("{}").patch("/workspaces/" + id + "/tier").then().statusCode(400);
        given().get("/workspaces/" + id).then().body("tier", equalTo("free"));

        given().contentType("application/json").body("{\"tier\":\"pro\"}").patch("/workspaces/" + id + "/tier")
                .then().statusCode(200).body("tier", equalTo("pro")).body("id", equalTo(id));
    }

    @Test
    void anIssuedKeyIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        String id = newWorkspace();
        JsonPath issued = given().contentType("application/json").body("{\"name\":\"ci\"}")
                .post("/workspaces/" + id + "/api-keys").then().statusCode(201).extract().jsonPath();
        String key = issued.getString("key");
        assertThat(key).matches("hs_[0-9a-f]{8}_[0-9a-f]{24}");
        assertThat(issued.getString("key_prefix")).isEqualTo(key.substring(0, 11));
        assertThat(issued.getString("name")).isEqualTo("ci");

        JsonPath listed = given().get("/workspaces/" + id + "/api-keys").then().statusCode(200).extract().jsonPath();
        assertThat(listed.getList("keys.id")).containsExactly(issued.getString("id"));
        assertThat(listed.getString("keys[0].key")).isNull();
        assertThat(listed.getString("keys[0].key_prefix")).isEqualTo(issued.getString("key_prefix"));

        try (Connection connection = store.getConnection();
             PreparedStatement query = connection.prepareStatement("select * from api_keys where id = ?")) {
            query.setString(1, issued.getString("id"));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("key_hash")).isEqualTo(sha256(key));
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    assertThat(String.valueOf(row.getObject(column))).doesNotContain(key);
                }
            }
        }
    }

    @Test
    void aBearerKeyActsForItsWorkspaceOverAnyHeaderAndStopsWorkingWhenRevoked() {
        String id = newWorkspace();
        JsonPath issued = given().contentType("application/json").body("{}")
                .post("/workspaces/" + id + "/api-keys").then().statusCode(201).extract().jsonPath();
        String key = issued.getString("key");

        String runId = given().auth().oauth2(key).header("X-Workspace-Id", "ws-elsewhere").contentType("application/json")
                .body("{\"description\":\"keyed\"}").post("/runs").then().statusCode(201).extract().path("run_id");
        given().header("X-Workspace-Id", id).get("/runs/" + runId).then().statusCode(200);
        given().auth().oauth2(key).get("/usage").then().body("workspace_id", equalTo(id));

        given().delete("/workspaces/" + id + "/api-keys/" + issued.getString("id")).then().statusCode(200)
                .body("message", equalTo("Revoked"));
        given().auth().oauth2(key).get("/usage").then().statusCode(401).body("error", equalTo("Invalid API key"));
        given().delete("/workspaces/" + id + "/api-keys/" + issued.getString("id")).then().statusCode(404);
    }

    @Test
    void aForgedKeyIsRefused() {
        given().auth().oauth2("hs_00000000_000000000000000000000000").get("/usage").then().statusCode(401);
    }

    private static String newWorkspace() {
        return given().contentType("application/json").body("{}").post("/workspaces").then().statusCode(201)
                .extract().path("id");
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
