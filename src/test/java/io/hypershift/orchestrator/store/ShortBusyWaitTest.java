package io.hypershift.orchestrator.store;

import io.hypershift.orchestrator.testing.StoreFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The busy handler against a real SQLite file whose write lock another connection holds. */
class ShortBusyWaitTest {

    private final String url = StoreFiles.freshMigrated("target/test-store/short-busy-wait.db");

    @Test
    void aWriterWaitsForTheLockAndGetsItOnceItIsReleased() throws Exception {
        try (Connection holder = DriverManager.getConnection(url); Connection waiter = waitingConnection(30_000)) {
            beginImmediate(holder);
            CompletableFuture<Void> write = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    insertWorkspace(waiter, "ws-waiter");
                    write.complete(null);
                } catch (RuntimeException e) {
                    write.completeExceptionally(e);
                }
            }, "waiting-writer");
            writer.start();
            awaitParkedInTheBusyHandler(writer, write);
            holder.createStatement().execute("COMMIT");

            write.get(10, TimeUnit.SECONDS);
            assertThat(count(holder, "ws-waiter")).isEqualTo(1);
        }
    }

    /** The writer is pausing between tries (parked), so the lock is released while it waits. */
    private static void awaitParkedInTheBusyHandler(Thread writer, CompletableFuture<Void> write) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.getState() != Thread.State.TIMED_WAITING) {
            if (write.isDone()) {
                write.get();
                throw new AssertionError("the write ended while another connection held the lock");
            }
            assertThat(System.nanoTime()).as("writer waiting for the lock").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    @Timeout(10)
    void aWriterGivesUpWithBusyAfterTheTimeout() throws Exception {
        try (Connection holder = DriverManager.getConnection(url); Connection waiter = waitingConnection(200)) {
            beginImmediate(holder);
            long began = System.nanoTime();
            assertThatThrownBy(() -> beginImmediate(waiter))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("SQLITE_BUSY");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began))
                    .as("it kept trying for its timeout before giving up").isGreaterThanOrEqualTo(200);
            holder.createStatement().execute("ROLLBACK");
        }
    }

    /** Without the handler this connection would fail at once: its own busy timeout is 0. */
    private Connection waitingConnection(long timeoutMillis) throws SQLException {
        Properties noBusyTimeout = new Properties();
        noBusyTimeout.setProperty("busy_timeout", "0");
        Connection connection = DriverManager.getConnection(url, noBusyTimeout);
        BusyHandler.setHandler(connection.unwrap(SQLiteConnection.class), new ShortBusyWait(timeoutMillis));
        return connection;
    }

    private static void beginImmediate(Connection connection) throws SQLException {
        connection.createStatement().execute("BEGIN IMMEDIATE");
    }

    private static void insertWorkspace(Connection connection, String id) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO workspaces (id, name, tier, created_at) VALUES ('" + id + "', 'waiter', 'free', 0)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(Connection connection, String id) throws SQLException {
        try (var result = connection.createStatement().executeQuery("SELECT count(*) FROM workspaces WHERE id = '" + id + "'")) {
            return result.getInt(1);
        }
    }
}
