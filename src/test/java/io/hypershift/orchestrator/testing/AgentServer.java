package io.hypershift.orchestrator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server speaking the agent contract, started by tests. Each path answers with a
 * configurable status and body; every call is recorded with its body and Idempotency-Key.
 */
public final class AgentServer implements AutoCloseable {

    /** One recorded call, with the client port it came from (one port, one connection). */
    public record Call(String path, String body, String idempotencyKey, int clientPort) {
    }

    /** What a path answers. */
    public record Reply(int status, String body, long delayMillis) {

        public static Reply json(String body) {
            return new Reply(200, body, 0);
        }

        public static Reply status(int status) {
            return new Reply(status, "{\"error\":\"agent failure\"}", 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    // A slow reply is sent later from here, so a waiting call holds no handler thread.
    private final ScheduledExecutorService delayedReplies = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, Queue<Reply>> scripted = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private AgentServer(HttpServer server) {
        this.server = server;
    }

    public static AgentServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            AgentServer agents = new AgentServer(server);
            server.createContext("/", agents::handle);
            server.setExecutor(agents.handlers);
            server.start();
            return agents;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the agent server", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the path answers from now on, once any scripted replies are used up. */
    public void answer(String path, Reply reply) {
        replies.put(path, reply);
    }

    /** The next calls of the path get these replies, in order. */
    public void answerNext(String path, Reply... next) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(next));
    }

    /** Back to answering {@code {}} everywhere, with no calls recorded. */
    public void reset() {
        replies.clear();
        scripted.clear();
        calls.clear();
    }

    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if ("POST".equals(exchange.getRequestMethod())) {
            calls.add(new Call(path, body, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRemoteAddress().getPort()));
        }
        Queue<Reply> next = scripted.get(path);
        Reply reply = next != null && !next.isEmpty() ? next.poll()
                : replies.getOrDefault(path, path.endsWith("/health") ? Reply.json("{\"status\":\"ok\"}") : Reply.json("{}"));
        if (reply.delayMillis() > 0) {
            delayedReplies.schedule(() -> sendQuietly(exchange, reply), reply.delayMillis(), TimeUnit.MILLISECONDS);
        } else {
            send(exchange, reply);
        }
    }

    /** A delayed reply whose caller has given up (a timeout under test) finds the connection closed. */
    private static void sendQuietly(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException e) {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        delayedReplies.shutdownNow();
        handlers.shutdownNow();
    }
}
