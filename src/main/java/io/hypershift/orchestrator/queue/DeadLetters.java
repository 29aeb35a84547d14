package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.QueueConfig;
import io.hypershift.orchestrator.run.RunService;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Gives up on a job: fails its run with a clear error, then moves the job to
 * {@code hypershift-runs:dead}. In that order, so a crash in between only delivers the job
 * once more, and it is buried again without touching the already failed run.
 */
@ApplicationScoped
class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(10);

    private final RedisJobLists lists;
    private final RunService runs;
    private final WorkspaceScope scope;
    private final RunWorkspaces workspaces;
    private final QueueMetrics metrics;
    private final int maxDeliveries;

    DeadLetters(RedisJobLists lists, RunService runs, WorkspaceScope scope, RunWorkspaces workspaces,
                QueueMetrics metrics, QueueConfig config) {
        this.lists = lists;
        this.runs = runs;
        this.scope = scope;
        this.workspaces = workspaces;
        this.metrics = metrics;
        this.maxDeliveries = config.maxDeliveries();
    }

    /** Blocking. A run delivered too often: fail it and bury its job. */
    void buryOverdelivered(String consumerId, String payload, String runId, long deliveries) {
        String workspaceId = workspaces.of(runId);
        String error = "Job delivered " + deliveries + " times without finishing (limit " + maxDeliveries
                + "); moved to the dead-letter list " + QueueKeys.DEAD;
        boolean failed = !RunWorkspaces.UNKNOWN.equals(workspaceId)
                && scope.call(workspaceId, null, () -> runs.failUndeliverable(runId, error));
        bury(consumerId, payload, runId);
        LOG.errorf("job dead-lettered runId=%s workspaceId=%s consumer=%s deliveries=%d runFailed=%s",
                runId, workspaceId, consumerId, deliveries, failed);
    }

    /** Blocking. A run this store does not have (a worker on another store than the API's?) can never succeed here. */
    void buryUnknownRun(String consumerId, String payload, String runId) {
        bury(consumerId, payload, runId);
        LOG.errorf("job dead-lettered, run not in this store runId=%s workspaceId=unknown consumer=%s", runId, consumerId);
    }

    /** Blocking. A job that names no run can never succeed. */
    void buryUnreadable(String consumerId, String payload) {
        bury(consumerId, payload, null);
        LOG.errorf("job dead-lettered, unreadable runId=unknown workspaceId=unknown consumer=%s payload=%.200s",
                consumerId, payload);
    }

    private void bury(String consumerId, String payload, String runId) {
        lists.bury(consumerId, payload, runId).await().atMost(REDIS_WAIT);
        metrics.buried();
    }
}
