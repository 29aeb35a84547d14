package io.hypershift.orchestrator.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the {@link JobQueue} at run time, so one build serves both set-ups: the Redis list when
 * a Redis URL is configured, the in-process executor otherwise. The unused one is never created.
 */
@ApplicationScoped
class JobQueueSelector {

    @Produces
    @ApplicationScoped
    JobQueue jobQueue(QueueMode mode, Instance<RedisJobQueue> redis, Instance<InProcessJobQueue> inProcess) {
        return mode.redis() ? redis.get() : inProcess.get();
    }
}
