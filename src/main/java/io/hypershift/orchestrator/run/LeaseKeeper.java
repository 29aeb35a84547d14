package io.hypershift.orchestrator.run;

import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Keeps this process's execution leases alive while its pipelines run, however long an agent call
 * takes; when the process dies the renewals stop and its leases expire, so other executions may
 * take its runs over.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final RunService runs;
    private final WorkspaceScope scope;
    private final ExecutorIdentity identity;

    LeaseKeeper(RunService runs, WorkspaceScope scope, ExecutorIdentity identity) {
        this.runs = runs;
        this.scope = scope;
        this.identity = identity;
    }

    @Scheduled(every = "${hypershift.pipeline.lease-renewal-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        try {
            scope.callAsSystem(() -> runs.renewLeases(identity.process()));
        } catch (RuntimeException e) {
            LOG.warnf("lease renewal failed, will retry: %s", e.getMessage());
        }
    }
}
