package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.workspace.AdminSecretCheck;
import io.hypershift.orchestrator.workspace.ApiKey;
import io.hypershift.orchestrator.workspace.ApiKeyService;
import io.hypershift.orchestrator.workspace.Tier;
import io.hypershift.orchestrator.workspace.Workspace;
import io.hypershift.orchestrator.workspace.WorkspaceService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;

/** Workspaces, their tier and their API keys; tier and key endpoints need the admin secret when it is set. */
@Path("/workspaces")
public class WorkspaceResource {

    private static final int MAX_NAME = 200;
    private static final String SECRET_HEADER = "X-Webhook-Secret";

    record NewWorkspace(String name) {
    }

    record TierChange(String tier) {
    }

    record NewApiKey(String name) {
    }

    record WorkspaceView(String id, String name, String tier, String createdAt) {

        static WorkspaceView of(Workspace workspace) {
            return new WorkspaceView(workspace.id, workspace.name, workspace.tier, Timestamps.iso(workspace.createdAt));
        }
    }

    record ApiKeyView(String id, String name, String keyPrefix, String createdAt) {

        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id, key.name, key.keyPrefix, Timestamps.iso(key.createdAt));
        }
    }

    record ApiKeyList(List<ApiKeyView> keys) {
    }

    record IssuedApiKeyView(String id, String name, String key, String keyPrefix, String createdAt) {
    }

    private final WorkspaceService workspaces;
    private final ApiKeyService apiKeys;
    private final AdminSecretCheck adminSecret;

    WorkspaceResource(WorkspaceService workspaces, ApiKeyService apiKeys, AdminSecretCheck adminSecret) {
        this.workspaces = workspaces;
        this.apiKeys = apiKeys;
        this.adminSecret = adminSecret;
    }

    @POST
    @ResponseStatus(201)
    public WorkspaceView create(NewWorkspace body) {
        return WorkspaceView.of(workspaces.create(optionalName(body == null ? null : body.name())));
    }

    @GET
    @Path("/{id}")
    public WorkspaceView get(@PathParam("id") String id) {
        return WorkspaceView.of(workspaces.get(id));
    }

    @PATCH
    @Path("/{id}/tier")
    public WorkspaceView changeTier(@PathParam("id") String id, @HeaderParam(SECRET_HEADER) String secret, TierChange body) {
        adminSecret.require(secret);
        Tier tier = Tier.fromId(body == null ? null : body.tier())
                .orElseThrow(() -> new BadRequestException("tier must be \"free\" or \"pro\""));
        return WorkspaceView.of(workspaces.updateTier(id, tier));
    }

    @GET
    @Path("/{id}/api-keys")
    public ApiKeyList listKeys(@PathParam("id") String id, @HeaderParam(SECRET_HEADER) String secret) {
        adminSecret.require(secret);
        return new ApiKeyList(apiKeys.list(id).stream().map(ApiKeyView::of).toList());
    }

    @POST
    @Path("/{id}/api-keys")
    @ResponseStatus(201)
    public IssuedApiKeyView issueKey(@PathParam("id") String id, @HeaderParam(SECRET_HEADER) String secret, NewApiKey body) {
        adminSecret.require(secret);
        ApiKeyService.IssuedKey issued = apiKeys.issue(id, optionalName(body == null ? null : body.name()));
        ApiKey key = issued.key();
        return new IssuedApiKeyView(key.id, key.name, issued.plainKey(), key.keyPrefix, Timestamps.iso(key.createdAt));
    }

    @DELETE
    @Path("/{id}/api-keys/{keyId}")
    public RunViews.Message revokeKey(@PathParam("id") String id, @PathParam("keyId") String keyId,
                                      @HeaderParam(SECRET_HEADER) String secret) {
        adminSecret.require(secret);
        apiKeys.revoke(id, keyId);
        return RunViews.Message.of("Revoked");
    }

    private static String optionalName(String name) {
        if (name != null && (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))) {
            throw new BadRequestException("name must be at most " + MAX_NAME + " printable characters");
        }
        return name;
    }
}
