package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.PipelineConfig;
import io.hypershift.orchestrator.config.WorkerConfig;
import io.hypershift.orchestrator.error.ServiceUnavailableException;
import io.hypershift.orchestrator.pipeline.PipelineExecutor;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Typed;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes jobs inside this process with at most {@code hypershift.pipeline.concurrency} pipelines
 * at a time. Jobs waiting here are only run ids: if the process stops, the runs stay {@code running}
 * in the store and {@link UnfinishedRunRecovery} queues them again at the next start.
 * Used when no Redis URL is configured (see {@link JobQueueSelector}).
 */
@ApplicationScoped
@Typed(InProcessJobQueue.class)
public class InProcessJobQueue implements JobQueue {

    private static final Logger LOG = Logger.getLogger(InProcessJobQueue.class);

    private final PipelineExecutor pipeline;
    private final ExecutorService executor;
    private final Duration shutdownGrace;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    InProcessJobQueue(PipelineExecutor pipeline, PipelineConfig config, WorkerConfig worker) {
        this.pipeline = pipeline;
        this.shutdownGrace = worker.shutdownGrace();
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "pipeline-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** A run already waiting here is not queued twice (the recovery sweep may find it again). */
    @Override
    public void enqueue(String runId) {
        if (!waiting.add(runId)) {
            return;
        }
        try {
            executor.execute(() -> execute(runId));
        } catch (RejectedExecutionException e) {
            waiting.remove(runId);
            throw new ServiceUnavailableException("The orchestrator is shutting down; try again");
        }
    }

    private void execute(String runId) {
        waiting.remove(runId);
        try {
            pipeline.executePipeline(runId);
        } catch (RuntimeException e) {
            // The run stays as the store has it; its lease expires and the recovery sweep retries it.
            LOG.errorf(e, "pipeline aborted runId=%s", runId);
        }
    }

    /**
     * Lets pipelines under way finish their current work within the shutdown grace, without
     * interrupting agent calls (an interrupted call would fail its run); what is still running
     * afterwards stays {@code running} in the store and is picked up at the next start.
     */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("shutdown grace over with pipelines still running; they resume at the next start");
        }
    }
}
