package io.hypershift.orchestrator.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The benchmark's command line: {@code --name value} pairs, all optional. */
record BenchOptions(Scenario scenario, Mode mode, int workers, Integer workerConcurrency, int runs, int clients,
                    long agentLatencyMs, boolean fakeAgents, double failureRate, Store store, Duration deadline,
                    Duration poll, int logSample, double faultAt, Duration faultDowntime, boolean restartAfterFault,
                    String redisFsync, int pipeline, List<String> childJvmOptions, boolean jfr, boolean keepStore,
                    Path jar, Path outDir) {

    enum Scenario {
        LOAD, QUEUE_ONLY, KILL_WORKER, SIGTERM_WORKER, RESTART_REDIS, KILL_API;

        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean isFault() {
            return this != LOAD && this != QUEUE_ONLY;
        }
    }

    enum Mode { INPROCESS, REDIS }

    enum Store { FILE, MEMORY }

    static final String USAGE = """
            Benchmark of HyperShift Orchestrator on loopback (docs/benchmark.md).

              bench/run.sh [options]        or  ./mvnw -B -Pbench verify -Dbench.args="[options]"

              --scenario S          load (default) | queue-only | kill-worker | sigterm-worker | restart-redis | kill-api
              --mode M              inprocess (default) | redis; the redis scenarios imply redis
              --workers W           worker processes in redis mode (default 1; 2 for kill-/sigterm-worker)
              --worker-concurrency K  runs executed at once per process: WORKER_CONCURRENCY of each worker in
                                    redis mode, PIPELINE_CONCURRENCY of the API in-process (default: the service's)
              --runs N              runs to drive, or jobs for queue-only (default 1000)
              --clients C           concurrent HTTP clients, or producers and consumers for queue-only (default 16)
              --agent-latency-ms L  latency of every agent call; 0 uses the built-in stub agents (default 0,
                                    20 for the fault scenarios so that steps are in flight when the fault hits)
              --fake-agents         use the fake agent server even with 0 ms latency
              --failure-rate P      probability that an agent call answers 503 (default 0; implies fake agents)
              --store S             file (default, a fresh SQLite file) | memory
              --deadline-s S        wait this long after the last start for runs to end (default 120)
              --poll-ms P           how often completion is polled (default 200)
              --log-sample K        runs whose audit log is read for duplicates and queue wait: all (default) or K
              --fault-at F          inject the fault once this fraction of the runs is started (default 0.5)
              --fault-downtime-ms D pause between stopping a process and starting it again (default 2000)
              --no-restart          leave the killed or stopped worker down (needs --workers >= 2)
              --redis-fsync F       appendfsync of redis-server: everysec (default) | always | no
              --pipeline P          queue-only: LPUSH commands pipelined per round trip (default 1)
              --child-jvm-opts A,B  JVM options for the API and workers, comma separated (e.g. -Xmx256m)
              --jfr                 record the API with Java Flight Recorder into the run's folder
              --keep-store          keep the SQLite file after the run
              --jar PATH            the packaged service (default target/quarkus-app/quarkus-run.jar), or a
                                    native executable (target/*-runner), run as is (no JVM options, no --jfr)
              --out DIR             where run folders with logs go (default target/bench)
            """;

    static BenchOptions parse(String[] args) {
        Scenario scenario = Scenario.LOAD;
        Mode mode = null;
        Integer workers = null;
        Integer workerConcurrency = null;
        int runs = 1000;
        int clients = 16;
        Long latency = null;
        boolean fake = false;
        double failureRate = 0;
        Store store = Store.FILE;
        Duration deadline = Duration.ofSeconds(120);
        Duration poll = Duration.ofMillis(200);
        int logSample = Integer.MAX_VALUE;
        double faultAt = 0.5;
        Duration downtime = Duration.ofMillis(2000);
        boolean restart = true;
        String fsync = "everysec";
        int pipeline = 1;
        List<String> jvm = new ArrayList<>();
        boolean jfr = false;
        boolean keepStore = false;
        Path jar = Path.of(System.getProperty("bench.jar", "target/quarkus-app/quarkus-run.jar"));
        Path out = Path.of(System.getProperty("bench.dir", "target/bench"));

        List<String> list = Arrays.stream(args).filter(a -> !a.isBlank()).toList();
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i);
            switch (name) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--fake-agents" -> fake = true;
                case "--no-restart" -> restart = false;
                case "--jfr" -> jfr = true;
                case "--keep-store" -> keepStore = true;
                default -> {
                    if (i + 1 >= list.size()) {
                        throw new UsageException("missing value after " + name);
                    }
                    String value = list.get(++i);
                    try {
                        switch (name) {
                            case "--scenario" -> scenario = Scenario.valueOf(constant(value));
                            case "--mode" -> mode = Mode.valueOf(constant(value.replace("-", "")));
                            case "--workers" -> workers = positive(name, Integer.parseInt(value));
                            case "--worker-concurrency" -> workerConcurrency = positive(name, Integer.parseInt(value));
                            case "--runs" -> runs = positive(name, Integer.parseInt(value));
                            case "--clients" -> clients = positive(name, Integer.parseInt(value));
                            case "--agent-latency-ms" -> latency = Long.parseLong(value);
                            case "--failure-rate" -> failureRate = Double.parseDouble(value);
                            case "--store" -> store = Store.valueOf(constant(value));
                            case "--deadline-s" -> deadline = Duration.ofSeconds(Long.parseLong(value));
                            case "--poll-ms" -> poll = Duration.ofMillis(positive(name, Integer.parseInt(value)));
                            case "--log-sample" -> logSample = "all".equals(value) ? Integer.MAX_VALUE : Integer.parseInt(value);
                            case "--fault-at" -> faultAt = Double.parseDouble(value);
                            case "--fault-downtime-ms" -> downtime = Duration.ofMillis(Long.parseLong(value));
                            case "--redis-fsync" -> fsync = value;
                            case "--pipeline" -> pipeline = positive(name, Integer.parseInt(value));
                            case "--child-jvm-opts" -> jvm.addAll(Arrays.stream(value.split(",")).filter(s -> !s.isBlank()).toList());
                            case "--jar" -> jar = Path.of(value);
                            case "--out" -> out = Path.of(value);
                            default -> throw new UsageException("unknown option " + name);
                        }
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("bad value for " + name + ": " + value
                                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
                    }
                }
            }
        }
        boolean redisScenario = scenario == Scenario.KILL_WORKER || scenario == Scenario.SIGTERM_WORKER
                || scenario == Scenario.RESTART_REDIS;
        if (mode == null) {
            mode = redisScenario ? Mode.REDIS : Mode.INPROCESS;
        }
        if (redisScenario && mode != Mode.REDIS) {
            throw new UsageException("--scenario " + scenario.id() + " needs --mode redis");
        }
        if (scenario == Scenario.KILL_API && mode != Mode.INPROCESS) {
            throw new UsageException("--scenario kill-api is the in-process case: --mode inprocess");
        }
        if (scenario == Scenario.KILL_API && store != Store.FILE) {
            throw new UsageException("--scenario kill-api restarts the API on the same SQLite file: --store file");
        }
        if (mode == Mode.REDIS && store != Store.FILE) {
            throw new UsageException("redis mode shares one SQLite file between the API and the workers: --store file");
        }
        if (workers == null) {
            workers = (scenario == Scenario.KILL_WORKER || scenario == Scenario.SIGTERM_WORKER) ? 2 : 1;
        }
        if (!restart && workers < 2 && (scenario == Scenario.KILL_WORKER || scenario == Scenario.SIGTERM_WORKER)) {
            throw new UsageException("--no-restart leaves no worker to recover with fewer than 2 workers");
        }
        if (latency == null) {
            // Faults should find agent calls in flight, or a step executed twice could not show.
            latency = scenario.isFault() ? 20L : 0L;
        }
        if (latency < 0 || failureRate < 0 || failureRate >= 1 || faultAt < 0 || faultAt > 1) {
            throw new UsageException("latency >= 0, failure rate in [0, 1) and fault-at in [0, 1], please");
        }
        if (!List.of("everysec", "always", "no").contains(fsync)) {
            throw new UsageException("--redis-fsync is everysec, always or no");
        }
        fake = fake || latency > 0 || failureRate > 0;
        return new BenchOptions(scenario, mode, workers, workerConcurrency, runs, clients, latency, fake, failureRate,
                store, deadline, poll, Math.max(0, logSample), faultAt, downtime, restart, fsync, pipeline,
                List.copyOf(jvm), jfr, keepStore, jar, out);
    }

    String agentsLabel() {
        if (!fakeAgents) {
            return "built-in stubs";
        }
        return "fake server, " + agentLatencyMs + " ms" + (failureRate > 0 ? ", " + failureRate * 100 + " % 503" : "");
    }

    private static String constant(String value) {
        return value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return value;
    }

    /** A command line that cannot be run; the message says why (null: just the usage was asked for). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
