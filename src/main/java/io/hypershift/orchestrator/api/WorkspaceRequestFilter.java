package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.workspace.CallerResolver;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * Binds the caller's workspace to the request before the resource runs, so every query the
 * request makes is filtered by it. Runs on the resource's (worker) thread, as it may read the store.
 */
@Provider
@WorkspaceBound
public class WorkspaceRequestFilter implements ContainerRequestFilter {

    private final CallerResolver callers;

    WorkspaceRequestFilter(CallerResolver callers) {
        this.callers = callers;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        callers.resolveAndBind(new CallerResolver.Claims(
                request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString("X-Workspace-Id"),
                request.getHeaderString("X-Org-Id"),
                query.getFirst("workspace_id"),
                query.getFirst("org_id"),
                request.getHeaderString("X-User-Id"),
                request.getHeaderString("X-Actor")));
    }
}
