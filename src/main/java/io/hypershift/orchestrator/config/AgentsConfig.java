package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Base URLs of the five agents; an agent without a URL is answered by its built-in stub. */
@ConfigMapping(prefix = "hypershift.agents")
public interface AgentsConfig {

    /** {@code AGENT_TIMEOUT_MS}. */
    @WithDefault("60000")
    long timeoutMs();

    Optional<String> architectUrl();

    Optional<String> builderUrl();

    Optional<String> sentinelUrl();

    Optional<String> sreUrl();

    Optional<String> finopsUrl();
}
