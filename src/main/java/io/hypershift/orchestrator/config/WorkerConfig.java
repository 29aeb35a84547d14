package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The consumer of the Redis job queue, in the worker role (or in the API with consume-in-api). */
@ConfigMapping(prefix = "hypershift.worker")
public interface WorkerConfig {

    /** {@code WORKER_CONCURRENCY}: pipelines one worker executes at once. */
    @WithDefault("1")
    int concurrency();

    /** {@code WORKER_SHUTDOWN_GRACE_SECONDS}: how long a stopping worker lets running pipelines finish. */
    @WithDefault("25s")
    Duration shutdownGrace();

    /** How long one blocking pop waits for a job before it is issued again. */
    @WithDefault("2s")
    Duration pollTimeout();

    /** Dev convenience: the API process also consumes the Redis queue. */
    @WithDefault("false")
    boolean consumeInApi();
}
