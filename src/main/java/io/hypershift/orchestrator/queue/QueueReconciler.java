package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.QueueConfig;
import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The store is the source of truth: a run that is {@code running} there, has not changed for a
 * while and has no job anywhere in Redis (queue or processing lists) lost its job — a Redis
 * failover or restart without persistence — and is queued again. It continues at its first
 * unfinished step. Runs in every process that uses Redis, one replica at a time.
 */
@ApplicationScoped
public class QueueReconciler {

    private static final Logger LOG = Logger.getLogger(QueueReconciler.class);
    private static final Duration LOCK_TTL = Duration.ofSeconds(60);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(10);

    private final RunQueries queries;
    private final WorkspaceScope scope;
    private final RedisJobLists lists;
    private final JobPayload payloads;
    private final ReplicaLock lock;
    private final RequeueLog requeueLog;
    private final Duration staleAfter;

    QueueReconciler(RunQueries queries, WorkspaceScope scope, RedisJobLists lists, JobPayload payloads,
                    ReplicaLock lock, RequeueLog requeueLog, QueueConfig config) {
        this.queries = queries;
        this.scope = scope;
        this.lists = lists;
        this.payloads = payloads;
        this.lock = lock;
        this.requeueLog = requeueLog;
        this.staleAfter = config.reconcileStaleAfter();
    }

    @Scheduled(identity = "queue-reconciler", every = "${hypershift.queue.reconcile-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = QueueMode.WithoutRedis.class)
    void reconcileOnSchedule() {
        try {
            lock.runExclusively("reconciler", LOCK_TTL, this::reconcile);
        } catch (RuntimeException e) {
            LOG.debugf("reconciler skipped, Redis unavailable: %s", e.toString());
        }
    }

    /** Queues again every stale running run without a job; returns how many. Blocking. */
    public int reconcile() {
        long unchangedSince = System.currentTimeMillis() - staleAfter.toMillis();
        List<String> stale = staleRuns(unchangedSince);
        if (stale.isEmpty()) {
            return 0;
        }
        Set<String> withJob = lists.allLiveJobs().await().atMost(REDIS_WAIT).stream()
                .map(payloads::runIdOf).flatMap(Optional::stream).collect(Collectors.toSet());
        // A run whose job was acknowledged between the two reads has moved on in the store.
        Set<String> stillStale = Set.copyOf(staleRuns(unchangedSince));
        List<String> lost = stale.stream().filter(runId -> !withJob.contains(runId) && stillStale.contains(runId))
                .map(payloads::of).toList();
        for (String job : lost) {
            lists.push(job).await().atMost(REDIS_WAIT);
        }
        requeueLog.requeued(lost, "reconciled", "-");
        return lost.size();
    }

    private List<String> staleRuns(long unchangedSince) {
        return scope.callAsSystem(() -> queries.runningRunIdsUnchangedSince(unchangedSince));
    }
}
