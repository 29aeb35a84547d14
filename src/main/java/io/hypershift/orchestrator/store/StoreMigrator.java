package io.hypershift.orchestrator.store;

import io.hypershift.orchestrator.config.StoreConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Brings the store up to the current schema before anything else touches it.
 * Runs instead of Flyway's migrate-at-start because SQLite will not create the folder of its file.
 */
@ApplicationScoped
public class StoreMigrator {

    /** Before every other start-up observer: recovery of unfinished runs reads the migrated schema. */
    public static final int PRIORITY = 0;

    private static final Logger LOG = Logger.getLogger(StoreMigrator.class);

    private final StoreConfig config;
    private final Flyway flyway;
    private final String jdbcUrl;
    private Connection inMemoryAnchor;

    StoreMigrator(StoreConfig config, Flyway flyway, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.config = config;
        this.flyway = flyway;
        this.jdbcUrl = jdbcUrl;
    }

    void migrateOnStart(@Observes @Priority(PRIORITY) StartupEvent event) throws SQLException {
        if (config.location().isBlank()) {
            throw new IllegalStateException("ORCHESTRATOR_DATABASE_PATH (or DATABASE_PATH) is set but empty;"
                    + " unset it for the in-memory store or give a file path");
        }
        if (config.path().isPresent()) {
            createParentFolder(config.path().get());
        } else {
            // An in-memory SQLite database lives only while a connection to it is open; the pool may
            // close all of its own, so one connection is held for the life of the process.
            inMemoryAnchor = DriverManager.getConnection(jdbcUrl);
        }
        int applied = flyway.migrate().migrationsExecuted;
        LOG.infof("store ready: %s, %d migration(s) applied",
                config.path().map(p -> "SQLite file " + p).orElse("in-memory SQLite (lost on restart)"), applied);
    }

    void releaseOnStop(@Observes ShutdownEvent event) throws SQLException {
        if (inMemoryAnchor != null) {
            inMemoryAnchor.close();
        }
    }

    private static void createParentFolder(String file) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of the store " + file, e);
        }
    }
}
