package io.hypershift.orchestrator.store;

import io.hypershift.orchestrator.config.StoreConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    StoreMigrator(StoreConfig config, Flyway flyway) {
        this.config = config;
        this.flyway = flyway;
    }

    void migrateOnStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        config.path().ifPresent(StoreMigrator::createParentFolder);
        int applied = flyway.migrate().migrationsExecuted;
        LOG.infof("store ready: %s, %d migration(s) applied",
                config.path().map(p -> "SQLite file " + p).orElse("in-memory SQLite (lost on restart)"), applied);
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
