package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Base URLs of the five agents; an agent without a URL is answered by its built-in stub. */
@ConfigMapping(prefix = "hypershift.agents")
public interface AgentsConfig {

    /** {@code AGENT_TIMEOUT_MS}. */
    @WithDefault("60000")
    long timeoutMs();

    /** Calls per step before it fails, the first one included ({@code AGENT_MAX_ATTEMPTS}). */
    @WithDefault("3")
    int maxAttempts();

    /** Pause after the first failed attempt, doubled after each further one, with jitter. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    Optional<String> architectUrl();

    Optional<String> builderUrl();

    Optional<String> sentinelUrl();

    Optional<String> sreUrl();

    Optional<String> finopsUrl();
}
