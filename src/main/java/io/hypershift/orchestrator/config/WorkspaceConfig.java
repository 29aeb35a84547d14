package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "hypershift.workspace")
public interface WorkspaceConfig {

    /** {@code WORKSPACE_TIER_UPDATE_SECRET}: when set, tier and API-key endpoints require it in {@code X-Webhook-Secret}. */
    Optional<String> tierUpdateSecret();

    /** Production hardening: every workspace-scoped request must carry a valid API key. */
    @WithDefault("false")
    boolean requireApiKey();
}
