package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.orchestrator.run.RunSnapshot;
import io.hypershift.orchestrator.run.Step;
import jakarta.enterprise.context.ApplicationScoped;

/** What each step sends its agent, and what the run keeps of the reply, per the agent contract. */
@ApplicationScoped
class StepExchange {

    /**
     * The part of a reply the run stores as the step's output, a deployment URL if it named one,
     * and whether it is a sentinel veto.
     */
    record Outcome(String outputJson, String deploymentUrl, boolean vetoed) {
    }

    private final ObjectMapper json;

    StepExchange(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode request(Step step, RunSnapshot run) {
        ObjectNode body = json.createObjectNode();
        switch (step) {
            case ARCHITECT -> body.set("user_intent", read(run.userIntent()));
            case BUILDER -> {
                body.set("user_intent", read(run.userIntent()));
                body.set("blueprint_manifest", output(run, Step.ARCHITECT));
            }
            case SENTINEL -> {
                body.set("blueprint_manifest", output(run, Step.ARCHITECT));
                JsonNode build = output(run, Step.BUILDER);
                body.set("build_plan", build.has("build_plan") ? build.get("build_plan") : build);
            }
            case SRE -> {
                body.put("deployment_url", run.deploymentUrl());
                body.put("run_id", run.id());
            }
            case FINOPS -> {
                body.set("blueprint_manifest", output(run, Step.ARCHITECT));
                JsonNode infra = output(run, Step.BUILDER).get("infra");
                if (infra != null) {
                    body.set("infra", infra);
                }
            }
        }
        return body;
    }

    Outcome outcome(Step step, JsonNode reply) {
        JsonNode output = step == Step.ARCHITECT && reply.has("blueprint_manifest") ? reply.get("blueprint_manifest") : reply;
        if (step == Step.SENTINEL && reply.has("veto") && !reply.get("veto").isBoolean()) {
            throw new AgentCallException("sentinel agent reply has a non-boolean veto");
        }
        JsonNode url = reply.get("deployment_url");
        String deploymentUrl = step == Step.BUILDER && url != null && url.isTextual() && !url.asText().isBlank()
                ? url.asText() : null;
        boolean vetoed = step == Step.SENTINEL && reply.path("veto").asBoolean(false);
        return new Outcome(output.toString(), deploymentUrl, vetoed);
    }

    /** Whether a run's finished sentinel step stopped it. */
    boolean isVetoed(RunSnapshot run) {
        return run.output(Step.SENTINEL).map(this::read).map(reply -> reply.path("veto").asBoolean(false)).orElse(false);
    }

    private JsonNode output(RunSnapshot run, Step step) {
        return run.output(step).map(this::read).orElseGet(json::nullNode);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
