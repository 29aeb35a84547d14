package io.hypershift.orchestrator.workspace;

import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/**
 * Who is acting in the current request context: the workspace every tenant-scoped query is
 * filtered by, and the actor recorded in audit entries. Set by the HTTP request filter for
 * API calls and by {@link WorkspaceScope} for work done outside a request.
 */
@RequestScoped
public class CurrentWorkspace {

    private String workspaceId;
    private String actor;
    private boolean system;

    void bind(String workspaceId, String actor) {
        this.workspaceId = workspaceId;
        this.actor = actor;
    }

    void bindSystem() {
        this.system = true;
    }

    public Optional<String> workspaceId() {
        return Optional.ofNullable(workspaceId);
    }

    /** The workspace of the request; only call where a workspace is bound. */
    public String requireWorkspaceId() {
        if (workspaceId == null) {
            throw new IllegalStateException("no workspace is bound to this request context");
        }
        return workspaceId;
    }

    public String actor() {
        return actor;
    }

    boolean isSystem() {
        return system;
    }
}
