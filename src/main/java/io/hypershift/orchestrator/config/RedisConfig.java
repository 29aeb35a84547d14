package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The Redis server of the job queue; without a URL the queue runs inside the API process. */
@ConfigMapping(prefix = "hypershift.redis")
public interface RedisConfig {

    /** {@code REDIS_URL} / {@code HYPERSHIFT_REDIS_URL}, e.g. {@code redis://localhost:6379/0}. */
    Optional<String> url();

    /** Connections shared by the API, health checks, heartbeats and the scheduled jobs. */
    @WithDefault("8")
    int poolSize();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Upper bound of one non-blocking command, connecting included: an enqueue answers 503 after it. */
    @WithDefault("3s")
    Duration commandTimeout();
}
