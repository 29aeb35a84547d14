package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.orchestrator.retry.ExponentialBackoff;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * An agent reached over HTTP, per the agent contract: {@code POST {url}{path}} and {@code GET {url}/health}.
 * Connection errors, timeouts, 429 and 5xx are retried with backoff (agents de-duplicate by the
 * Idempotency-Key, which stays the same); any other answer is final.
 */
class HttpAgent implements Agent {

    private static final Logger LOG = Logger.getLogger(HttpAgent.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final URI callUri;
    private final URI healthUri;
    private final Duration timeout;
    private final HttpClient client;
    private final ObjectMapper json;
    private final int maxAttempts;
    private final ExponentialBackoff backoff;

    HttpAgent(String name, String baseUrl, String path, Duration timeout, int maxAttempts, ExponentialBackoff backoff,
              HttpClient client, ObjectMapper json) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.name = name;
        this.callUri = URI.create(base + path);
        this.healthUri = URI.create(base + "/health");
        this.timeout = timeout;
        this.client = client;
        this.json = json;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
    }

    /** A failure worth another attempt. */
    private static final class TransientFailure extends Exception {
        TransientFailure(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public JsonNode call(ObjectNode body, String idempotencyKey) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(body, idempotencyKey);
            } catch (TransientFailure e) {
                if (attempt >= maxAttempts) {
                    throw new AgentCallException(e.getMessage() + " (" + attempt + " attempts)");
                }
                LOG.infof("agent call retried agent=%s key=%s attempt=%d error=%s", name, idempotencyKey, attempt, e.getMessage());
                pause(backoff.millisAfter(attempt));
            }
        }
    }

    private JsonNode attempt(ObjectNode body, String idempotencyKey) throws TransientFailure {
        HttpRequest request = HttpRequest.newBuilder(callUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new TransientFailure(name + " agent answered HTTP " + status);
        }
        if (status < 200 || status > 299) {
            throw new AgentCallException(name + " agent answered HTTP " + status);
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

    private HttpResponse<String> send(HttpRequest request) throws TransientFailure {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TransientFailure(name + " agent timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new TransientFailure(name + " agent unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Not an agent failure: the process is stopping, and the run must stay resumable, not fail. */
    private static CancellationException interrupted() {
        Thread.currentThread().interrupt();
        return new CancellationException("agent call interrupted");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw interrupted();
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
