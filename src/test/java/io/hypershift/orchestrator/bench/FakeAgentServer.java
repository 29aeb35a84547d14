package io.hypershift.orchestrator.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * All five agents of the agent contract on one loopback port, with a fixed latency per call and a
 * probability of answering 503 (which the orchestrator retries). Answers are delayed with Vert.x
 * timers on one event loop, so a thousand calls waiting out their latency hold no thread.
 *
 * <p>It also keeps what the benchmark measures on the agents' side: when the first architect call
 * of each run arrived (the end of its queue wait), and how often one Idempotency-Key was answered
 * with success more than once (a step executed twice).
 *
 * <p>Standalone: {@code FakeAgentServer [port] [latencyMs] [failureRate]}.
 */
public final class FakeAgentServer implements AutoCloseable {

    private static final String ARCHITECT = "{\"blueprint_manifest\":{\"name\":\"bench-app\",\"target\":\"kubernetes\","
            + "\"region\":\"us-east-1\",\"services\":[\"bench-app-api\",\"bench-app-worker\"],\"summary\":\"benchmark\"}}";
    private static final String SENTINEL = "{\"veto\":false,\"risk\":\"low\",\"findings\":[\"no policy violations\"]}";
    private static final String SRE = "{\"healthy\":true,\"checks\":[\"http_200\",\"latency_p99_ok\",\"error_rate_ok\"]}";
    private static final String FINOPS = "{\"estimatedMonthlyCost\":105,\"currency\":\"USD\",\"riskLevel\":\"low\"}";
    private static final String HEALTH = "{\"status\":\"ok\"}";
    private static final String FAILURE = "{\"error\":\"injected failure\"}";
    private static final String NOT_FOUND = "{\"error\":\"Not Found\"}";

    private final long latencyMs;
    private final double failureRate;
    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, AtomicInteger> successesByKey = new ConcurrentHashMap<>();
    private final Map<String, Long> firstArchitectCallAt = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder injectedFailures = new LongAdder();

    private FakeAgentServer(int port, long latencyMs, double failureRate) {
        this.latencyMs = latencyMs;
        this.failureRate = failureRate;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setTcpNoDelay(true).setIdleTimeout(0));
        server.requestHandler(this::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot start the fake agent server on port " + port, e);
        }
    }

    /** Starts on a free loopback port. */
    public static FakeAgentServer start(long latencyMs, double failureRate) {
        return start(0, latencyMs, failureRate);
    }

    public static FakeAgentServer start(int port, long latencyMs, double failureRate) {
        if (latencyMs < 0 || failureRate < 0 || failureRate >= 1) {
            throw new IllegalArgumentException("latency must be >= 0 and the failure rate in [0, 1)");
        }
        return new FakeAgentServer(port, latencyMs, failureRate);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public long calls() {
        return calls.sum();
    }

    public long injectedFailures() {
        return injectedFailures.sum();
    }

    /** Idempotency-Keys (one per run and step) that were answered with success more than once. */
    public long keysAnsweredTwice() {
        return successesByKey.values().stream().filter(count -> count.get() > 1).count();
    }

    /** Epoch millis of the first architect call for the run, or null if none arrived. */
    public Long firstArchitectCallAt(String runId) {
        return firstArchitectCallAt.get(runId);
    }

    private void handle(HttpServerRequest request) {
        long arrivedAt = System.currentTimeMillis();
        // The body is not needed, but it must be read before answering on a kept-alive connection.
        request.body().onComplete(ignored -> {
            String path = request.path();
            if ("/health".equals(path)) {
                reply(request, 200, HEALTH);
                return;
            }
            String key = request.getHeader("Idempotency-Key");
            String body = replyFor(path, key);
            if (body == null || request.method() != HttpMethod.POST) {
                reply(request, 404, NOT_FOUND);
                return;
            }
            calls.increment();
            if (key != null && path.equals("/architect")) {
                firstArchitectCallAt.putIfAbsent(runIdOf(key), arrivedAt);
            }
            boolean fail = failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
            if (fail) {
                injectedFailures.increment();
            } else if (key != null) {
                successesByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
            later(() -> reply(request, fail ? 503 : 200, fail ? FAILURE : body));
        });
    }

    private static String replyFor(String path, String key) {
        return switch (path) {
            case "/architect" -> ARCHITECT;
            case "/builder" -> "{\"build_plan\":{\"image\":\"registry.hypershift.local/bench-app:1\","
                    + "\"steps\":[\"compile\",\"test\",\"package\",\"deploy\"]},"
                    + "\"infra\":{\"replicas\":2,\"cpu\":\"500m\",\"memory\":\"512Mi\"},"
                    + "\"deployment_url\":\"https://" + slug(key == null ? "bench" : runIdOf(key)) + ".apps.bench.local\"}";
            case "/sentinel" -> SENTINEL;
            case "/sre/check" -> SRE;
            case "/finops" -> FINOPS;
            default -> null;
        };
    }

    private void later(Runnable action) {
        if (latencyMs == 0) {
            action.run();
        } else {
            vertx.setTimer(latencyMs, id -> action.run());
        }
    }

    private static void reply(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    private static String runIdOf(String key) {
        int colon = key.lastIndexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }

    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing is best effort at the end of a benchmark.
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4100;
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 0;
        double failureRate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        FakeAgentServer agents = start(port, latency, failureRate);
        System.out.printf("fake agents on %s, latency %d ms, failure rate %.3f; Ctrl-C to stop%n",
                agents.url(), latency, failureRate);
        Runtime.getRuntime().addShutdownHook(new Thread(agents::close));
        Thread.currentThread().join();
    }
}
