package io.hypershift.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.error.ServiceUnavailableException;
import io.hypershift.orchestrator.pipeline.AgentCallException;
import io.hypershift.orchestrator.pipeline.WhatIfEstimator;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.util.Map;

@Path("/what-if")
@WorkspaceBound
public class WhatIfResource {

    /** camelCase: the shape existing clients read. */
    record WhatIf(@JsonProperty("estimatedMonthlyCost") JsonNode estimatedMonthlyCost,
                  @JsonProperty("currency") String currency,
                  @JsonProperty("riskLevel") String riskLevel,
                  @JsonProperty("message") String message) {
    }

    private final WhatIfEstimator estimator;
    private final RunRequestParser parser;
    private final ObjectMapper json;

    WhatIfResource(WhatIfEstimator estimator, RunRequestParser parser, ObjectMapper json) {
        this.estimator = estimator;
        this.parser = parser;
        this.json = json;
    }

    @POST
    public WhatIf estimate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("Invalid user_intent", Map.of("body", "must be a JSON object"));
        }
        ObjectNode intent = parser.intentOf(body.get("user_intent"));
        JsonNode addition = body.get("addition");
        if (addition != null && !addition.isNull() && (!addition.isTextual() || addition.asText().length() > RunRequestParser.MAX_DESCRIPTION)) {
            throw new BadRequestException("addition must be a string of at most " + RunRequestParser.MAX_DESCRIPTION + " characters");
        }
        try {
            WhatIfEstimator.Estimate estimate = estimator.estimate(intent, addition == null || addition.isNull() ? null : addition.asText());
            return new WhatIf(estimate.estimatedMonthlyCost(), estimate.currency(), estimate.riskLevel(), estimate.message());
        } catch (AgentCallException e) {
            throw new ServiceUnavailableException("What-if estimate unavailable: " + e.getMessage());
        }
    }
}
