package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** The built-in agent used when no URL is configured: deterministic, in-process, always healthy. */
class StubAgent implements Agent {

    private final UnaryOperator<ObjectNode> reply;

    StubAgent(UnaryOperator<ObjectNode> reply) {
        this.reply = reply;
    }

    @Override
    public JsonNode call(ObjectNode body, String idempotencyKey) {
        return reply.apply(body);
    }

    @Override
    public CompletableFuture<Boolean> checkHealth() {
        return CompletableFuture.completedFuture(true);
    }
}
