package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Where the SQLite store lives; see application.properties for the JDBC settings. */
@ConfigMapping(prefix = "hypershift.store")
public interface StoreConfig {

    /** The SQLite file ({@code ORCHESTRATOR_DATABASE_PATH} / {@code DATABASE_PATH}); empty means in-memory. */
    Optional<String> path();
}
