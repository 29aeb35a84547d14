package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Delivery rules of the Redis job queue, shared by every process that uses it. */
@ConfigMapping(prefix = "hypershift.queue")
public interface QueueConfig {

    /** A job taken more often than this goes to the dead list and its run fails. */
    @WithDefault("5")
    int maxDeliveries();

    /** How often a consumer refreshes its heartbeat key. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** Lifetime of a heartbeat key: a consumer silent this long is taken for dead and its jobs are put back. */
    @WithDefault("20s")
    Duration heartbeatTtl();

    /** How often the stalled-job reaper runs (one replica at a time). */
    @WithDefault("10s")
    Duration reaperInterval();

    /** How often the reconciler compares the store with the queue (one replica at a time). */
    @WithDefault("30s")
    Duration reconcileInterval();

    /** A running run untouched this long and without a job anywhere in Redis is queued again. */
    @WithDefault("60s")
    Duration reconcileStaleAfter();

    /** How often the queue-depth gauges are refreshed from Redis. */
    @WithDefault("5s")
    Duration depthRefreshInterval();

    /** Pause before a job whose pipeline threw is queued again; doubles with each delivery, at most a minute. */
    @WithDefault("2s")
    Duration retryBackoff();
}
