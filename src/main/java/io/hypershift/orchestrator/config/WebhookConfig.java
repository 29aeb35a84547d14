package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Outbound webhooks: where they go, how they are signed, and how hard delivery tries. */
@ConfigMapping(prefix = "hypershift.webhook")
public interface WebhookConfig {

    /** {@code WEBHOOK_URL} / {@code HYPERSHIFT_WEBHOOK_URL}: without it no event is recorded or sent. */
    Optional<String> url();

    /** {@code WEBHOOK_SECRET} / {@code HYPERSHIFT_WEBHOOK_SECRET}: when set, every delivery is signed with it. */
    Optional<String> secret();

    /** How long one POST may take before it counts as a failed attempt. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Attempts per event before it is given up (kept in the outbox, marked failed). */
    @WithDefault("12")
    int maxAttempts();

    /** Pause before the first retry; it doubles with every further failure, with jitter. */
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** How often each process looks for due events; the Quarkus scheduler's finest step is one second. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** Most events one process sends at once. */
    @WithDefault("50")
    int batchSize();

    /** How long delivered events stay in the outbox before they are pruned. */
    @WithDefault("1h")
    Duration deliveredRetention();
}
