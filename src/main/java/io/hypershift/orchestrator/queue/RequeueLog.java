package io.hypershift.orchestrator.queue;

import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Counts and logs jobs put back into the queue, one line per job with its run and workspace.
 * The workspace is read from the store, so on an event-loop thread the lines are written from
 * a worker thread instead.
 */
@ApplicationScoped
class RequeueLog {

    private static final Logger LOG = Logger.getLogger(RequeueLog.class);

    private final JobPayload payloads;
    private final RunWorkspaces workspaces;
    private final QueueMetrics metrics;

    RequeueLog(JobPayload payloads, RunWorkspaces workspaces, QueueMetrics metrics) {
        this.payloads = payloads;
        this.workspaces = workspaces;
        this.metrics = metrics;
    }

    /** {@code reason}: stalled, orphaned, failed, shutdown or reconciled; {@code consumerId} whose list they left. */
    void requeued(List<String> jobs, String reason, String consumerId) {
        if (jobs.isEmpty()) {
            return;
        }
        metrics.requeued(reason, jobs.size());
        if (BlockingOperationControl.isBlockingAllowed()) {
            write(jobs, reason, consumerId);
        } else {
            Infrastructure.getDefaultWorkerPool().execute(() -> write(jobs, reason, consumerId));
        }
    }

    private void write(List<String> jobs, String reason, String consumerId) {
        for (String job : jobs) {
            String runId = payloads.runIdOf(job).orElse(RunWorkspaces.UNKNOWN);
            String workspaceId = RunWorkspaces.UNKNOWN.equals(runId) ? RunWorkspaces.UNKNOWN : workspaces.of(runId);
            LOG.infof("job requeued reason=%s runId=%s workspaceId=%s consumer=%s", reason, runId, workspaceId, consumerId);
        }
    }
}
