package io.hypershift.orchestrator.store;

import io.agroal.api.AgroalDataSource;
import io.hypershift.orchestrator.config.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Ready only when the store answers a real query against the migrated schema. */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {

    private final AgroalDataSource dataSource;
    private final StoreConfig config;

    StoreReadinessCheck(AgroalDataSource dataSource, StoreConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("store")
                .withData("kind", config.path().isPresent() ? "sqlite-file" : "sqlite-memory");
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select max(version) from flyway_schema_history where success = 1")) {
            result.next();
            return response.up().withData("schema_version", String.valueOf(result.getString(1))).build();
        } catch (SQLException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
