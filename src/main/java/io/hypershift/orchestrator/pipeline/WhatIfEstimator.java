package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.orchestrator.run.Step;
import io.hypershift.orchestrator.store.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;

/** Estimates the cost and risk of an intent, with an optional addition, by asking the architect and finops agents. */
@ApplicationScoped
public class WhatIfEstimator {

    /** The estimate as the finops agent gave it. */
    public record Estimate(JsonNode estimatedMonthlyCost, String currency, String riskLevel, String message) {
    }

    private final AgentDirectory agents;
    private final ObjectMapper json;

    WhatIfEstimator(AgentDirectory agents, ObjectMapper json) {
        this.agents = agents;
        this.json = json;
    }

    /**
     * @param intent a validated intent object with a description
     * @throws AgentCallException when an agent gives no usable reply
     */
    public Estimate estimate(ObjectNode intent, String addition) {
        ObjectNode scenario = intent.deepCopy();
        if (addition != null && !addition.isBlank()) {
            scenario.put("description", intent.path("description").asText() + "\n" + addition);
        }
        String key = "what-if-" + RandomIds.hex(6);
        ObjectNode architectRequest = json.createObjectNode();
        architectRequest.set("user_intent", scenario);
        JsonNode architectReply = agents.agentFor(Step.ARCHITECT).call(architectRequest, key + ":" + Step.ARCHITECT.id());
        ObjectNode finopsRequest = json.createObjectNode();
        finopsRequest.set("blueprint_manifest", architectReply.has("blueprint_manifest")
                ? architectReply.get("blueprint_manifest") : architectReply);
        JsonNode cost = agents.agentFor(Step.FINOPS).call(finopsRequest, key + ":" + Step.FINOPS.id());
        String riskLevel = cost.path("riskLevel").asText("unknown");
        String currency = cost.path("currency").asText("USD");
        JsonNode amount = cost.path("estimatedMonthlyCost");
        return new Estimate(amount.isMissingNode() ? json.nullNode() : amount, currency, riskLevel,
                "Estimated monthly cost " + (amount.isMissingNode() ? "unknown" : amount.asText() + " " + currency)
                        + ", risk " + riskLevel);
    }
}
