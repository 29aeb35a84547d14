package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.store.StoreMigrator;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * In-process mode: runs that were executing when the process stopped are still {@code running}
 * in the store; they are queued again at start-up and continue at their first unfinished step.
 * With Redis their jobs are still in Redis, and {@link QueueReconciler} covers jobs Redis lost.
 */
@ApplicationScoped
public class UnfinishedRunRecovery {

    private static final Logger LOG = Logger.getLogger(UnfinishedRunRecovery.class);

    private final RunQueries queries;
    private final WorkspaceScope scope;
    private final JobQueue queue;
    private final QueueMode mode;

    UnfinishedRunRecovery(RunQueries queries, WorkspaceScope scope, JobQueue queue, QueueMode mode) {
        this.queries = queries;
        this.scope = scope;
        this.queue = queue;
        this.mode = mode;
    }

    void recoverOnStart(@Observes @Priority(StoreMigrator.PRIORITY + 10) StartupEvent event) {
        if (!mode.inProcess()) {
            return;
        }
        List<String> unfinished = scope.callAsSystem(queries::runningRunIds);
        unfinished.forEach(queue::enqueue);
        if (!unfinished.isEmpty()) {
            LOG.infof("recovered %d unfinished run(s) from the store", unfinished.size());
        }
    }
}
