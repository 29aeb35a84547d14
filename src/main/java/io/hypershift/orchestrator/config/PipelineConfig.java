package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hypershift.pipeline")
public interface PipelineConfig {

    /** {@code PIPELINE_STEP_DELAY_MS}: pause between two steps. */
    @WithDefault("0")
    long stepDelayMs();

    /** How many runs one process executes at once. */
    @WithDefault("8")
    int concurrency();
}
