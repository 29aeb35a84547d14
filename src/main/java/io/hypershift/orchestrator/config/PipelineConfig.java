package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "hypershift.pipeline")
public interface PipelineConfig {

    /** {@code PIPELINE_STEP_DELAY_MS}: pause between two steps. */
    @WithDefault("0")
    long stepDelayMs();

    /** How many runs one process executes at once. */
    @WithDefault("8")
    int concurrency();

    /**
     * How long an execution's claim on a run lasts without renewal. The owning process renews it
     * every third of this; another execution may take the run over only once it has expired.
     */
    @WithDefault("20s")
    Duration lease();

    /** Executions of one run after which it is failed instead of claimed again (a poison run). */
    @WithDefault("5")
    int maxExecutions();
}
