package io.hypershift.orchestrator.pipeline;

import io.hypershift.orchestrator.run.Step;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Asks every agent's health endpoint at once; a stub agent is always healthy. */
@ApplicationScoped
public class FleetHealth {

    private final AgentDirectory agents;

    FleetHealth(AgentDirectory agents) {
        this.agents = agents;
    }

    public Map<Step, Boolean> check() {
        Map<Step, CompletableFuture<Boolean>> checks = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            checks.put(step, agents.agentFor(step).checkHealth());
        }
        Map<Step, Boolean> healthy = new EnumMap<>(Step.class);
        checks.forEach((step, check) -> healthy.put(step, check.join()));
        return healthy;
    }
}
