package io.hypershift.orchestrator.workspace;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs code outside an HTTP request (pipeline, queue consumers, scheduled jobs) in a fresh
 * request context bound to an explicit workspace, so the same tenant filter applies there.
 */
@ApplicationScoped
public class WorkspaceScope {

    private final CurrentWorkspace current;

    WorkspaceScope(CurrentWorkspace current) {
        this.current = current;
    }

    /** Runs {@code work} as {@code actor} in {@code workspaceId}. */
    public <T> T call(String workspaceId, String actor, Supplier<T> work) {
        return inNewRequestContext(() -> {
            current.bind(workspaceId, actor);
            return work.get();
        });
    }

    public void run(String workspaceId, String actor, Runnable work) {
        call(workspaceId, actor, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} with the tenant filter lifted, for the few system tasks that look across
     * workspaces (recovering unfinished runs, finding the workspace of a queued run id).
     */
    public <T> T callAsSystem(Supplier<T> work) {
        return inNewRequestContext(() -> {
            current.bindSystem();
            return work.get();
        });
    }

    /** Binds the workspace of an HTTP request; called once by the request filter. */
    public void bindRequest(String workspaceId, String actor) {
        current.bind(workspaceId, actor);
    }

    /** A context of its own even when called from one (start-up observers run in a request context). */
    private static <T> T inNewRequestContext(Supplier<T> work) {
        ManagedContext requestContext = Arc.container().requestContext();
        InjectableContext.ContextState outer = requestContext.isActive() ? requestContext.getState() : null;
        if (outer != null) {
            requestContext.deactivate();
        }
        requestContext.activate();
        try {
            return work.get();
        } finally {
            requestContext.terminate();
            if (outer != null) {
                requestContext.activate(outer);
            }
        }
    }
}
