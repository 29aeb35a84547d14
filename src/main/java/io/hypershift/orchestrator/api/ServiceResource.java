package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.pipeline.FleetHealth;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/** Service identity and liveness for existing clients; Kubernetes uses /q/health instead. */
@Path("/")
@Singleton
public class ServiceResource {

    private static final String SERVICE = "orchestrator";

    record Identity(String service, String version) {
    }

    record Health(String status, String service) {
    }

    record Status(String status, String service, String lastDeploy) {
    }

    record Fleet(String orchestrator, Map<String, String> agents) {
    }

    private final String version;
    private final FleetHealth fleet;
    private volatile long startedAt = System.currentTimeMillis();

    ServiceResource(@ConfigProperty(name = "quarkus.application.version") String version, FleetHealth fleet) {
        this.version = version;
        this.fleet = fleet;
    }

    void recordStart(@Observes StartupEvent event) {
        startedAt = System.currentTimeMillis();
    }

    @GET
    public Identity identity() {
        return new Identity(SERVICE, version);
    }

    @GET
    @Path("health")
    public Health health() {
        return new Health("ok", SERVICE);
    }

    /** {@code last_deploy} is when this instance of the orchestrator started. */
    @GET
    @Path("status")
    public Status status() {
        return new Status("operational", SERVICE, Timestamps.iso(startedAt));
    }

    @GET
    @Path("fleet-health")
    public Fleet fleetHealth() {
        Map<String, String> agents = new LinkedHashMap<>();
        fleet.check().forEach((step, healthy) -> agents.put(step.id(), healthy ? "ok" : "down"));
        return new Fleet("ok", agents);
    }
}
