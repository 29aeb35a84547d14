package io.hypershift.orchestrator.testing;

import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** SQLite store files prepared before an application starts, as a stopped process would have left them. */
public final class StoreFiles {

    private StoreFiles() {
    }

    /** Deletes any previous store at {@code path}, migrates a new one and returns its JDBC URL. */
    public static String freshMigrated(String path) {
        try {
            Files.createDirectories(Path.of(path).toAbsolutePath().getParent());
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(path + suffix));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the store " + path, e);
        }
        String url = "jdbc:sqlite:" + path;
        Flyway.configure().dataSource(url, null, null).load().migrate();
        return url;
    }
}
