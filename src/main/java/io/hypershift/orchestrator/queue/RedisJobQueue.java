package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.RedisConfig;
import io.hypershift.orchestrator.error.ServiceUnavailableException;
import io.hypershift.orchestrator.workspace.CurrentWorkspace;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Hands runs to the workers through the Redis list {@code hypershift-runs}; nothing is executed in
 * this process. A job is only reported queued once Redis has acknowledged the push.
 */
@ApplicationScoped
@Typed(RedisJobQueue.class)
public class RedisJobQueue implements JobQueue {

    private static final Logger LOG = Logger.getLogger(RedisJobQueue.class);

    private final RedisJobLists lists;
    private final JobPayload payloads;
    private final CurrentWorkspace caller;
    private final Duration timeout;

    RedisJobQueue(RedisJobLists lists, JobPayload payloads, CurrentWorkspace caller, RedisConfig config) {
        this.lists = lists;
        this.payloads = payloads;
        this.caller = caller;
        // The push is bounded by the command timeout, connecting included; this is only a backstop.
        this.timeout = config.commandTimeout().plusSeconds(1);
    }

    @Override
    public void enqueue(String runId) {
        try {
            lists.push(payloads.of(runId)).await().atMost(timeout);
        } catch (RuntimeException e) {
            LOG.warnf("job not enqueued, Redis unavailable runId=%s workspaceId=%s error=%s", runId, workspaceId(), e.toString());
            throw new ServiceUnavailableException("The job queue is unavailable; try again");
        }
        LOG.infof("job enqueued runId=%s workspaceId=%s", runId, workspaceId());
    }

    private String workspaceId() {
        return Arc.container().requestContext().isActive() ? caller.workspaceId().orElse("unknown") : "unknown";
    }
}
