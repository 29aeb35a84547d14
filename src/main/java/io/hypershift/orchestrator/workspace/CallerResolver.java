package io.hypershift.orchestrator.workspace;

import io.hypershift.orchestrator.config.WorkspaceConfig;
import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.error.ForbiddenException;
import io.hypershift.orchestrator.error.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Decides the workspace and actor of a request, in the order of the contract: API key,
 * then {@code X-Workspace-Id}/{@code X-Org-Id}, then {@code workspace_id}/{@code org_id}, then the default.
 */
@ApplicationScoped
public class CallerResolver {

    private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final int MAX_ACTOR_LENGTH = 200;

    /** What a request says about its caller, as received. */
    public record Claims(String authorization, String workspaceHeader, String orgHeader,
                         String workspaceQuery, String orgQuery, String userHeader, String actorHeader) {
    }

    private final WorkspaceConfig config;
    private final ApiKeyService apiKeys;
    private final WorkspaceService workspaces;
    private final WorkspaceScope scope;

    CallerResolver(WorkspaceConfig config, ApiKeyService apiKeys, WorkspaceService workspaces, WorkspaceScope scope) {
        this.config = config;
        this.apiKeys = apiKeys;
        this.workspaces = workspaces;
        this.scope = scope;
    }

    /** Resolves the caller and binds it to the current request; every later query is filtered by it. */
    public void resolveAndBind(Claims claims) {
        Optional<String> named = firstPresent(claims.workspaceHeader(), claims.orgHeader(),
                claims.workspaceQuery(), claims.orgQuery());
        named.ifPresent(CallerResolver::requireValidWorkspaceId);
        String actor = validActor(firstPresent(claims.userHeader(), claims.actorHeader()).orElse(null));

        Optional<String> keyWorkspace = workspaceOfBearerKey(claims.authorization());
        String workspaceId;
        if (config.requireApiKey()) {
            workspaceId = keyWorkspace.orElseThrow(() -> new UnauthorizedException("A valid API key is required"));
            if (named.isPresent() && !named.get().equals(workspaceId)) {
                throw new ForbiddenException("The API key does not belong to workspace " + named.get());
            }
        } else {
            workspaceId = keyWorkspace.or(() -> named).orElse(Workspace.DEFAULT_ID);
        }
        // Bound before any query of the request's own session, which fixes its tenant when it opens.
        scope.bindRequest(workspaceId, actor);
        if (!config.requireApiKey()) {
            workspaces.ensureExists(workspaceId);
        }
    }

    private Optional<String> workspaceOfBearerKey(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).strip();
        if (!token.startsWith("hs_")) {
            return Optional.empty();
        }
        return Optional.of(apiKeys.workspaceOf(token)
                .orElseThrow(() -> new UnauthorizedException("Invalid API key")));
    }

    private static void requireValidWorkspaceId(String id) {
        if (!WORKSPACE_ID.matcher(id).matches()) {
            throw new BadRequestException("Invalid workspace id");
        }
    }

    private static String validActor(String actor) {
        if (actor == null) {
            return null;
        }
        if (actor.length() > MAX_ACTOR_LENGTH || actor.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("Invalid actor header");
        }
        return actor;
    }

    private static Optional<String> firstPresent(String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst();
    }
}
