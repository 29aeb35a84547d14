package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import jakarta.enterprise.context.ApplicationScoped;

/** The workspace of a queued run, for log lines and for changing the run in its own workspace. */
@ApplicationScoped
class RunWorkspaces {

    static final String UNKNOWN = "unknown";

    private final RunQueries queries;
    private final WorkspaceScope scope;

    RunWorkspaces(RunQueries queries, WorkspaceScope scope) {
        this.queries = queries;
        this.scope = scope;
    }

    /** Blocking: reads the store. */
    String of(String runId) {
        try {
            return scope.callAsSystem(() -> queries.workspaceOf(runId)).orElse(UNKNOWN);
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }
}
