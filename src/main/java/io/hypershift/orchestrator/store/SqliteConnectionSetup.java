package io.hypershift.orchestrator.store;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

import java.sql.Connection;
import java.sql.SQLException;

/** Gives every pooled SQLite connection a {@link ShortBusyWait} in place of SQLite's sleeping busy timeout. */
@ApplicationScoped
public class SqliteConnectionSetup implements AgroalPoolInterceptor {

    private final long busyTimeoutMillis;

    SqliteConnectionSetup(
            @ConfigProperty(name = "quarkus.datasource.jdbc.additional-jdbc-properties.busy_timeout") long busyTimeoutMillis) {
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    @Override
    public void onConnectionCreate(Connection connection) {
        try {
            BusyHandler.setHandler(connection.unwrap(SQLiteConnection.class), new ShortBusyWait(busyTimeoutMillis));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install the busy handler on a new SQLite connection", e);
        }
    }
}
