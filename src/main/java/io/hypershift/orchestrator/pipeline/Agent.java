package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.CompletableFuture;

/** One of the five agents of the pipeline: an HTTP service, or its built-in stub. */
public interface Agent {

    /**
     * Sends one step's request and returns the agent's JSON reply.
     *
     * @param idempotencyKey {@code {run_id}:{step}}, stable across retries and redeliveries
     * @throws AgentCallException when the agent gives no usable reply
     */
    JsonNode call(ObjectNode body, String idempotencyKey);

    /** Completes with whether {@code GET {url}/health} answered 2xx within a short timeout; never fails. */
    CompletableFuture<Boolean> checkHealth();
}
