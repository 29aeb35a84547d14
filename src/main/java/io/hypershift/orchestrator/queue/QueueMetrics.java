package io.hypershift.orchestrator.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The queue's Prometheus metrics. Queue lengths are sampled from Redis by {@link QueueDepthSampler}
 * and served from memory, so a scrape never waits on Redis.
 */
@ApplicationScoped
public class QueueMetrics {

    private final MeterRegistry registry;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final Counter processed;
    private final Counter failed;
    private final Counter buried;
    private final Counter redelivered;

    QueueMetrics(MeterRegistry registry, QueueMode mode) {
        this.registry = registry;
        this.processed = Counter.builder("hypershift.queue.jobs.processed")
                .description("Jobs whose pipeline returned and that were acknowledged").register(registry);
        this.failed = Counter.builder("hypershift.queue.jobs.failed")
                .description("Jobs whose pipeline threw; they are retried after a pause").register(registry);
        this.buried = Counter.builder("hypershift.queue.jobs.dead.lettered")
                .description("Jobs moved to the dead list by this process").register(registry);
        this.redelivered = Counter.builder("hypershift.queue.jobs.redelivered")
                .description("Jobs started again after an earlier delivery did not finish").register(registry);
        if (mode.redis()) {
            Gauge.builder("hypershift.queue.depth", queued, AtomicLong::get)
                    .description("Jobs waiting in hypershift-runs (sampled)").strongReference(true).register(registry);
            Gauge.builder("hypershift.queue.dead.jobs", dead, AtomicLong::get)
                    .description("Jobs in hypershift-runs:dead (sampled)").strongReference(true).register(registry);
        }
    }

    /** Registers the gauge of pipelines executing in this process. */
    void trackInFlight(Supplier<Number> inFlight) {
        Gauge.builder("hypershift.queue.jobs.in.flight", inFlight).description("Jobs being executed by this process")
                .strongReference(true).register(registry);
    }

    void sampled(long queuedJobs, long deadJobs) {
        queued.set(queuedJobs);
        dead.set(deadJobs);
    }

    void processed() {
        processed.increment();
    }

    void failed() {
        failed.increment();
    }

    void buried() {
        buried.increment();
    }

    void redelivered() {
        redelivered.increment();
    }

    /** Jobs put back into the queue, by why: stalled (reaper), orphaned, shutdown, reconciled. */
    void requeued(String reason, int jobs) {
        Counter.builder("hypershift.queue.jobs.requeued").tag("reason", reason)
                .description("Jobs put back into the queue").register(registry).increment(jobs);
    }

    /** Times one pipeline execution. */
    Timer.Sample startPipeline() {
        return Timer.start(registry);
    }

    void pipelineFinished(Timer.Sample sample, String outcome) {
        sample.stop(Timer.builder("hypershift.pipeline.duration").tag("outcome", outcome)
                .description("Time to execute a run's pipeline, from the first unfinished step to its end")
                .register(registry));
    }
}
