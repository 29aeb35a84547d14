package io.hypershift.orchestrator.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Where the SQLite store lives; see application.properties for the JDBC settings. */
@ConfigMapping(prefix = "hypershift.store")
public interface StoreConfig {

    /** Marks the in-memory default of {@link #location()} (SQLite's memdb VFS, shared by all connections). */
    String IN_MEMORY_MARKER = "vfs=memdb";

    /**
     * The SQLite file ({@code ORCHESTRATOR_DATABASE_PATH} / {@code DATABASE_PATH}), or, when neither is
     * set, the URI of a database in memory.
     */
    String location();

    /** The SQLite file, or empty for the in-memory store. */
    default Optional<String> path() {
        return location().contains(IN_MEMORY_MARKER) ? Optional.empty() : Optional.of(location());
    }
}
