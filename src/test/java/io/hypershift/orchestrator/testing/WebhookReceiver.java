package io.hypershift.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * A real HTTP endpoint receiving webhooks, started by tests. Every POST is recorded with its
 * headers, its raw body bytes and the status it was answered with (200 unless a test sets an
 * answer). It can be stopped and started again on the same port to play an unreachable receiver.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST as it arrived. */
    public record Request(String event, String deliveryId, String signature, String contentType, byte[] body,
                          int answeredStatus) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("webhook body is not JSON", e);
            }
        }

        public JsonNode payload() {
            return json().path("payload");
        }

        public String runId() {
            return payload().path("run_id").asText(null);
        }

        public boolean accepted() {
            return answeredStatus / 100 == 2;
        }
    }

    private static final ToIntFunction<Request> ACCEPT_ALL = request -> 200;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Request> answer = ACCEPT_ALL;
    private volatile int boundPort;
    private HttpServer server;

    private WebhookReceiver() {
    }

    /** A receiver on a free loopback port. */
    public static WebhookReceiver start() {
        WebhookReceiver receiver = new WebhookReceiver();
        receiver.listen(0);
        return receiver;
    }

    public String url() {
        return "http://127.0.0.1:" + boundPort + "/hooks";
    }

    /** Decides the status of each request from what it carries (its status field is not set yet). */
    public void answer(ToIntFunction<Request> answer) {
        this.answer = answer;
    }

    public void acceptAll() {
        answer = ACCEPT_ALL;
    }

    /** Closes the port: senders get connection refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port, if stopped. */
    public synchronized void restart() {
        if (server == null) {
            listen(boundPort);
        }
    }

    /** Every request so far carrying an event of {@code runId}, in arrival order. */
    public List<Request> requestsOf(String runId) {
        return received.stream().filter(r -> runId.equals(r.runId())).toList();
    }

    private void listen(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
            created.createContext("/hooks", this::handle);
            created.setExecutor(executor);
            created.start();
            server = created;
            boundPort = created.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook receiver on port " + onPort, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Request request = new Request(
                exchange.getRequestHeaders().getFirst("X-HyperShift-Event"),
                exchange.getRequestHeaders().getFirst("X-HyperShift-Delivery"),
                exchange.getRequestHeaders().getFirst("X-HyperShift-Signature"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                body, 0);
        int status = answer.applyAsInt(request);
        received.add(new Request(request.event(), request.deliveryId(), request.signature(), request.contentType(),
                body, status));
        byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, reply.length);
        try (var out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        executor.shutdownNow();
    }
}
