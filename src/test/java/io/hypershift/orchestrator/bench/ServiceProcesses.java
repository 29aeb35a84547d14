package io.hypershift.orchestrator.bench;

import io.hypershift.orchestrator.testing.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The system under test, as real processes on loopback: redis-server (redis mode), the API (the
 * packaged jar), W workers (the same jar with {@code QUARKUS_PROFILE=worker}) and, unless the
 * built-in stubs are used, the fake agent server (in this JVM). Configured only through the
 * environment names of the contract, as an operator would.
 */
final class ServiceProcesses implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** Contract settings inherited from the shell that would change what is measured. */
    private static final List<String> INHERITED_SETTINGS = List.of("ORCHESTRATOR_PORT", "HOST",
            "ORCHESTRATOR_DATABASE_PATH", "DATABASE_PATH", "REDIS_URL", "HYPERSHIFT_REDIS_URL", "QUARKUS_PROFILE",
            "ARCHITECT_AGENT_URL", "BUILDER_AGENT_URL", "SENTINEL_AGENT_URL", "SRE_AGENT_URL", "FINOPS_AGENT_URL",
            "AGENT_TIMEOUT_MS", "AGENT_MAX_ATTEMPTS", "PIPELINE_STEP_DELAY_MS", "PIPELINE_CONCURRENCY",
            "WORKER_CONCURRENCY", "WEBHOOK_URL", "HYPERSHIFT_WEBHOOK_URL", "WEBHOOK_SECRET",
            "HYPERSHIFT_WEBHOOK_SECRET", "WORKSPACE_TIER_UPDATE_SECRET", "HYPERSHIFT_REQUIRE_API_KEY");

    private final BenchOptions options;
    private final Path runDir;
    private final ProcessLauncher launcher;
    private volatile Duration benchmarkCpuAtLoadEnd;
    private final HttpClient probeClient = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final Optional<Path> storeFile;
    private FakeAgentServer agents;
    private ProcessLauncher.Child redis;
    private int redisPort;
    private ProcessLauncher.Child api;
    private int apiPort;
    private final List<ProcessLauncher.Child> workers = new ArrayList<>();
    private final Map<String, Integer> restarts = new HashMap<>();
    /** Command counts of redis-server instances that were stopped: a restart starts its counts at zero. */
    private final Map<String, Long> earlierRedisCalls = new HashMap<>();

    ServiceProcesses(BenchOptions options, Path runDir) {
        this.options = options;
        this.runDir = runDir;
        this.launcher = new ProcessLauncher(runDir);
        this.storeFile = options.store() == BenchOptions.Store.FILE
                ? Optional.of(runDir.resolve("store").resolve("hypershift.db")) : Optional.empty();
    }

    /** Starts everything the options ask for, dependencies first; each is ready when this returns. */
    void start() {
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException(options.jar() + " does not exist: build it with ./mvnw -B package -DskipTests");
        }
        if (options.fakeAgents()) {
            agents = FakeAgentServer.start(options.agentLatencyMs(), options.failureRate());
        }
        if (options.mode() == BenchOptions.Mode.REDIS) {
            startRedis();
        }
        apiPort = freePort();
        Map<String, String> apiEnv = serviceEnv(apiPort);
        if (options.mode() == BenchOptions.Mode.INPROCESS && options.workerConcurrency() != null) {
            apiEnv.put("PIPELINE_CONCURRENCY", options.workerConcurrency().toString());
        }
        api = launcher.start("api", "api", serviceCommand("api"), apiEnv, httpReady(apiPort), READY_TIMEOUT);
        if (options.mode() == BenchOptions.Mode.REDIS) {
            for (int i = 1; i <= options.workers(); i++) {
                int port = freePort();
                Map<String, String> env = serviceEnv(port);
                env.put("QUARKUS_PROFILE", "worker");
                if (options.workerConcurrency() != null) {
                    env.put("WORKER_CONCURRENCY", options.workerConcurrency().toString());
                }
                workers.add(launcher.start("worker-" + i, "worker", serviceCommand("worker-" + i), env,
                        httpReady(port), READY_TIMEOUT));
            }
        }
    }

    /**
     * A redis-server on a free port with an append-only file (so a restart keeps the queue) in
     * the run's folder; also used alone by the queue-only scenario.
     */
    void startRedis() {
        Path dir = runDir.resolve("redis");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path binary = RedisServer.locateBinary(dir);
        redisPort = freePort();
        List<String> command = List.of(binary.toString(), "--port", String.valueOf(redisPort), "--bind", HOST,
                "--save", "", "--protected-mode", "no", "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", options.redisFsync());
        int port = redisPort;
        redis = launcher.start("redis-server", "redis", command, Map.of(),
                () -> RespConnection.answersPing(HOST, port), READY_TIMEOUT);
    }

    String apiUrl() {
        return "http://" + HOST + ":" + apiPort;
    }

    int redisPort() {
        return redisPort;
    }

    Optional<FakeAgentServer> agents() {
        return Optional.ofNullable(agents);
    }

    List<ProcessLauncher.Child> processes() {
        return launcher.children();
    }

    /** Freezes the CPU figures at the end of the load, before the benchmark reads the results back. */
    void recordLoadEnded() {
        processes().forEach(ProcessLauncher.Child::recordLoadEnded);
        benchmarkCpuAtLoadEnd = ownCpuTime();
    }

    /** CPU time of the benchmark's own JVM until the load ended, else until now. */
    Duration benchmarkCpuTime() {
        return benchmarkCpuAtLoadEnd != null ? benchmarkCpuAtLoadEnd : ownCpuTime();
    }

    private static Duration ownCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    Path runDir() {
        return runDir;
    }

    // --- faults: each returns the epoch millis at which the signal was sent ---

    /** kill -9 of the first worker; started again after the downtime unless told not to. */
    Fault killWorker() {
        ProcessLauncher.Child victim = workers.get(0);
        long at = System.currentTimeMillis();
        launcher.kill(victim);
        String detail = "kill -9 " + victim.name;
        return restartWorker(victim, at, detail, -1);
    }

    /** SIGTERM of the first worker: it drains, hands back its jobs and exits; then it is started again. */
    Fault sigtermWorker() {
        ProcessLauncher.Child victim = workers.get(0);
        long at = System.currentTimeMillis();
        long exitMillis = launcher.terminate(victim, Duration.ofSeconds(60));
        return restartWorker(victim, at, "SIGTERM " + victim.name, exitMillis);
    }

    /** redis-server stopped (SIGTERM, it writes its append-only file) and started again on the same port and folder. */
    Fault restartRedis() {
        liveRedisCalls().forEach((command, calls) -> earlierRedisCalls.merge(command, calls, Long::sum));
        long at = System.currentTimeMillis();
        long exitMillis = launcher.terminate(redis, Duration.ofSeconds(30));
        ProcessLauncher.sleep(options.faultDowntime());
        redis = launcher.restart(redis, nextName(redis.name), READY_TIMEOUT);
        return new Fault("SIGTERM redis-server, restarted after " + options.faultDowntime().toMillis() + " ms",
                at, exitMillis, redis.readyAfterMillis(), System.currentTimeMillis());
    }

    /** kill -9 of the API, started again on the same SQLite file and port. */
    Fault killApi() {
        long at = System.currentTimeMillis();
        launcher.kill(api);
        ProcessLauncher.sleep(options.faultDowntime());
        api = launcher.restart(api, nextName(api.name), READY_TIMEOUT);
        return new Fault("kill -9 api, restarted after " + options.faultDowntime().toMillis() + " ms",
                at, -1, api.readyAfterMillis(), System.currentTimeMillis());
    }

    /** A fault as it happened: when the signal went, how long the process took to exit and the new one to be ready. */
    record Fault(String what, long injectedAt, long exitMillis, long restartReadyMillis, long backAt) {
    }

    private Fault restartWorker(ProcessLauncher.Child victim, long at, String detail, long exitMillis) {
        if (!options.restartAfterFault()) {
            return new Fault(detail + ", not restarted", at, exitMillis, -1, System.currentTimeMillis());
        }
        ProcessLauncher.sleep(options.faultDowntime());
        ProcessLauncher.Child replacement = launcher.restart(victim, nextName(victim.name), READY_TIMEOUT);
        workers.set(workers.indexOf(victim), replacement);
        return new Fault(detail + ", restarted after " + options.faultDowntime().toMillis() + " ms", at, exitMillis,
                replacement.readyAfterMillis(), System.currentTimeMillis());
    }

    private String nextName(String name) {
        String base = name.contains("#") ? name.substring(0, name.indexOf('#')) : name;
        int n = restarts.merge(base, 1, Integer::sum) + 1;
        return base + "#" + n;
    }

    /** Redis command statistics: calls per command (lower case), e.g. lpush, blmove, lrem, over every instance. */
    Map<String, Long> redisCommandCalls() {
        Map<String, Long> calls = new HashMap<>(earlierRedisCalls);
        liveRedisCalls().forEach((command, count) -> calls.merge(command, count, Long::sum));
        return calls;
    }

    private Map<String, Long> liveRedisCalls() {
        Map<String, Long> calls = new HashMap<>();
        if (redis == null || !redis.isAlive()) {
            return calls;
        }
        try (RespConnection connection = new RespConnection(HOST, redisPort, 5000)) {
            Object info = connection.call("INFO", "commandstats");
            for (String line : String.valueOf(info).split("\r\n")) {
                // cmdstat_lpush:calls=300,usec=...
                if (line.startsWith("cmdstat_")) {
                    String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                    calls.merge(command, Long.parseLong(rest.substring(0, rest.indexOf(','))), Long::sum);
                }
            }
        }
        return calls;
    }

    private Map<String, String> serviceEnv(int port) {
        Map<String, String> env = new HashMap<>(System.getenv());
        INHERITED_SETTINGS.forEach(env::remove);
        env.put("ORCHESTRATOR_PORT", String.valueOf(port));
        env.put("HOST", HOST);
        storeFile.ifPresent(file -> env.put("ORCHESTRATOR_DATABASE_PATH", file.toString()));
        if (redis != null) {
            env.put("REDIS_URL", "redis://" + HOST + ":" + redisPort);
        }
        if (agents != null) {
            for (String agent : List.of("ARCHITECT", "BUILDER", "SENTINEL", "SRE", "FINOPS")) {
                env.put(agent + "_AGENT_URL", agents.url());
            }
        }
        return env;
    }

    /** {@code java … -jar <jar>}, or the native executable itself when {@code --jar} names one. */
    private List<String> serviceCommand(String name) {
        List<String> command = new ArrayList<>();
        if (!options.jar().toString().endsWith(".jar")) {
            command.add(options.jar().toAbsolutePath().toString());
            return command;
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.childJvmOptions());
        if (options.jfr() && "api".equals(name)) {
            command.add("-XX:StartFlightRecording=filename=" + runDir.resolve("api.jfr") + ",settings=profile,dumponexit=true");
        }
        command.add("-jar");
        command.add(options.jar().toAbsolutePath().toString());
        return command;
    }

    private BooleanSupplier httpReady(int port) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        return () -> {
            try {
                return probeClient.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    @Override
    public void close() {
        launcher.close();
        if (agents != null) {
            agents.close();
        }
        if (storeFile.isPresent() && !options.keepStore()) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    Files.deleteIfExists(Path.of(storeFile.get() + suffix));
                } catch (IOException e) {
                    // A leftover store file in target/ is harmless.
                }
            }
        }
    }
}
