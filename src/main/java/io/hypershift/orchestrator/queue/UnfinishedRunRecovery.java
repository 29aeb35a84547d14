package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.store.StoreMigrator;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * In-process mode: runs that were executing when the process stopped are still {@code running}
 * in the store; they are queued again at start-up, and by a periodic sweep once their old lease
 * has expired, and continue at their first unfinished step. With Redis their jobs are still in
 * Redis, and {@link QueueReconciler} covers jobs Redis lost.
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
        recover();
    }

    @Scheduled(every = "${hypershift.pipeline.recovery-interval:15s}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recover() {
        if (!mode.inProcess()) {
            return;
        }
        List<String> orphaned = scope.callAsSystem(queries::orphanedRunIds);
        orphaned.forEach(queue::enqueue);
        if (!orphaned.isEmpty()) {
            LOG.infof("recovered %d unfinished run(s) from the store", orphaned.size());
        }
    }
}
