package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What this process is, chosen at run time by the profile: {@code %worker} sets {@code hypershift.role=worker}. */
@ConfigMapping(prefix = "hypershift")
public interface RoleConfig {

    enum Role {
        /** Serves the HTTP API; with Redis it only enqueues. */
        API,
        /** Consumes the Redis queue; serves only health and metrics over HTTP. */
        WORKER
    }

    @WithDefault("api")
    Role role();
}
