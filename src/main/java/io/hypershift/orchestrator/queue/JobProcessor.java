package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.QueueConfig;
import io.hypershift.orchestrator.pipeline.PipelineExecutor;
import io.hypershift.orchestrator.run.NoSuchRunException;
import io.hypershift.orchestrator.run.RunBusyException;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a consumer does with one job it has taken: count the delivery, bury the job if it was
 * delivered too often, else execute the run's pipeline and acknowledge the job once it returns.
 * The pipeline and the store are blocking, so they run on the consumer's executor, never on the
 * event loop; Redis commands stay asynchronous.
 */
@ApplicationScoped
class JobProcessor {

    /** How a job ended here: acknowledged or buried, or to be put back after a pause. */
    record Handled(Optional<Duration> retryAfter) {

        static final Handled DONE = new Handled(Optional.empty());

        static Handled retryAfter(Duration pause) {
            return new Handled(Optional.of(pause));
        }
    }

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofMinutes(1);
    /** An acknowledgement is retried this long (Redis restarting) before the job is left to orphan recovery. */
    private static final Duration ACK_PATIENCE = Duration.ofSeconds(30);

    private final RedisJobLists lists;
    private final JobPayload payloads;
    private final PipelineExecutor pipeline;
    private final DeadLetters deadLetters;
    private final RunWorkspaces workspaces;
    private final QueueMetrics metrics;
    private final QueueConfig config;

    JobProcessor(RedisJobLists lists, JobPayload payloads, PipelineExecutor pipeline, DeadLetters deadLetters,
                 RunWorkspaces workspaces, QueueMetrics metrics, QueueConfig config) {
        this.lists = lists;
        this.payloads = payloads;
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.workspaces = workspaces;
        this.metrics = metrics;
        this.config = config;
    }

    Uni<Handled> process(String consumerId, String payload, Executor executor) {
        Optional<String> runId = payloads.runIdOf(payload);
        if (runId.isEmpty()) {
            return blocking(executor, () -> {
                deadLetters.buryUnreadable(consumerId, payload);
                return Handled.DONE;
            });
        }
        return lists.countDelivery(runId.get()).chain(deliveries -> deliveries > config.maxDeliveries()
                ? blocking(executor, () -> {
                    deadLetters.buryOverdelivered(consumerId, payload, runId.get(), deliveries);
                    return Handled.DONE;
                })
                : execute(consumerId, payload, runId.get(), deliveries, executor));
    }

    /** How one execution of a job's pipeline ended. */
    private enum Outcome { RETURNED, THREW, NO_SUCH_RUN }

    private Uni<Handled> execute(String consumerId, String payload, String runId, long delivery, Executor executor) {
        return blocking(executor, () -> runPipeline(consumerId, runId, delivery))
                .chain(outcome -> switch (outcome) {
                    case RETURNED -> acknowledge(consumerId, payload, runId);
                    case THREW -> Uni.createFrom().item(Handled.retryAfter(retryPause(delivery)));
                    case NO_SUCH_RUN -> blocking(executor, () -> {
                        deadLetters.buryUnknownRun(consumerId, payload, runId);
                        return Handled.DONE;
                    });
                });
    }

    /** Blocking: executes the pipeline and says how that ended. */
    private Outcome runPipeline(String consumerId, String runId, long delivery) {
        String workspaceId = workspaces.of(runId);
        if (delivery > 1) {
            metrics.redelivered();
        }
        LOG.infof("job started runId=%s workspaceId=%s consumer=%s delivery=%d", runId, workspaceId, consumerId, delivery);
        long startedAt = System.nanoTime();
        Timer.Sample sample = metrics.startPipeline();
        try {
            pipeline.executePipeline(runId);
        } catch (NoSuchRunException e) {
            metrics.pipelineFinished(sample, "no_such_run");
            return Outcome.NO_SUCH_RUN;
        } catch (RunBusyException e) {
            metrics.pipelineFinished(sample, "busy");
            LOG.infof("job deferred, run held by another execution runId=%s workspaceId=%s consumer=%s delivery=%d",
                    runId, workspaceId, consumerId, delivery);
            return Outcome.THREW;
        } catch (RuntimeException e) {
            metrics.pipelineFinished(sample, "error");
            metrics.failed();
            LOG.errorf(e, "job failed, will be retried runId=%s workspaceId=%s consumer=%s delivery=%d",
                    runId, workspaceId, consumerId, delivery);
            return Outcome.THREW;
        }
        metrics.pipelineFinished(sample, "returned");
        metrics.processed();
        LOG.infof("job done runId=%s workspaceId=%s consumer=%s durationMs=%d",
                runId, workspaceId, consumerId, (System.nanoTime() - startedAt) / 1_000_000);
        return Outcome.RETURNED;
    }

    private Uni<Handled> acknowledge(String consumerId, String payload, String runId) {
        return lists.acknowledge(consumerId, payload, runId)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).expireIn(ACK_PATIENCE.toMillis())
                .replaceWith(Handled.DONE);
    }

    /** The pause doubles with each delivery, from hypershift.queue.retry-backoff up to a minute. */
    private Duration retryPause(long delivery) {
        Duration pause = config.retryBackoff().multipliedBy(1L << Math.min(delivery - 1, 16));
        return pause.compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause;
    }

    private static <T> Uni<T> blocking(Executor executor, Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }
}
