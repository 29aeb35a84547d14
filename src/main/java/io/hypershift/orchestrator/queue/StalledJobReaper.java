package io.hypershift.orchestrator.queue;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Puts back the jobs of consumers that died without acknowledging them (kill -9, OOM, lost node):
 * a processing list whose consumer's heartbeat key has expired goes back to the front of the queue.
 * Runs in every process that uses Redis, one replica at a time.
 */
@ApplicationScoped
public class StalledJobReaper {

    private static final Logger LOG = Logger.getLogger(StalledJobReaper.class);
    private static final Duration LOCK_TTL = Duration.ofSeconds(30);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(10);

    private final RedisJobLists lists;
    private final ReplicaLock lock;
    private final RequeueLog requeueLog;

    StalledJobReaper(RedisJobLists lists, ReplicaLock lock, RequeueLog requeueLog) {
        this.lists = lists;
        this.lock = lock;
        this.requeueLog = requeueLog;
    }

    @Scheduled(identity = "stalled-job-reaper", every = "${hypershift.queue.reaper-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = QueueMode.WithoutRedis.class)
    void reapOnSchedule() {
        try {
            lock.runExclusively("reaper", LOCK_TTL, this::reap);
        } catch (RuntimeException e) {
            LOG.debugf("reaper skipped, Redis unavailable: %s", e.toString());
        }
    }

    /** One pass over every processing list; returns how many jobs were put back. Blocking. */
    public int reap() {
        int reclaimed = 0;
        for (String consumerId : lists.consumersWithJobs().await().atMost(REDIS_WAIT)) {
            List<String> jobs = lists.reclaimIfDead(consumerId).await().atMost(REDIS_WAIT);
            if (!jobs.isEmpty()) {
                LOG.warnf("consumer presumed dead, %d job(s) put back consumer=%s", jobs.size(), consumerId);
                requeueLog.requeued(jobs, "stalled", consumerId);
                reclaimed += jobs.size();
            }
        }
        return reclaimed;
    }
}
