package io.hypershift.orchestrator.queue;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Refreshes the queue-length gauges from Redis in the background, so scrapes never wait on Redis. */
@ApplicationScoped
class QueueDepthSampler {

    private final RedisJobLists lists;
    private final QueueMetrics metrics;

    QueueDepthSampler(RedisJobLists lists, QueueMetrics metrics) {
        this.lists = lists;
        this.metrics = metrics;
    }

    @Scheduled(identity = "queue-depth-sampler", every = "${hypershift.queue.depth-refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = QueueMode.WithoutRedis.class)
    Uni<Void> sample() {
        return Uni.combine().all().unis(lists.queued(), lists.dead()).asTuple()
                .invoke(lengths -> metrics.sampled(lengths.getItem1(), lengths.getItem2()))
                // Redis unreachable: keep the last sample; readiness reports the outage.
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
