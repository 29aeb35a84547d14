package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** An agent reached over HTTP, per the agent contract: {@code POST {url}{path}} and {@code GET {url}/health}. */
class HttpAgent implements Agent {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final URI callUri;
    private final URI healthUri;
    private final Duration timeout;
    private final HttpClient client;
    private final ObjectMapper json;

    HttpAgent(String name, String baseUrl, String path, Duration timeout, HttpClient client, ObjectMapper json) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.name = name;
        this.callUri = URI.create(base + path);
        this.healthUri = URI.create(base + "/health");
        this.timeout = timeout;
        this.client = client;
        this.json = json;
    }

    @Override
    public JsonNode call(ObjectNode body, String idempotencyKey) {
        HttpRequest request = HttpRequest.newBuilder(callUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new AgentCallException(name + " agent answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    @Override
    public CompletableFuture<Boolean> checkHealth() {
        HttpRequest request = HttpRequest.newBuilder(healthUri).timeout(HEALTH_TIMEOUT).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() / 100 == 2)
                .exceptionally(failure -> false);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AgentCallException(name + " agent timed out after " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new AgentCallException(name + " agent unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCallException(name + " agent call interrupted", e);
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode reply = json.readTree(body);
            if (reply == null || !reply.isObject()) {
                throw new AgentCallException(name + " agent reply is not a JSON object");
            }
            return reply;
        } catch (JsonProcessingException e) {
            throw new AgentCallException(name + " agent reply is not JSON", e);
        }
    }
}
