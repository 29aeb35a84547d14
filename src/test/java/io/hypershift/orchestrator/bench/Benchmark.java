package io.hypershift.orchestrator.bench;

import io.hypershift.orchestrator.bench.BenchOptions.Mode;
import io.hypershift.orchestrator.bench.BenchOptions.Scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The benchmark: starts the service as real processes on loopback, drives runs through it (or,
 * for queue-only, jobs through the Redis list alone), optionally injects a fault half-way, and
 * prints one table. A tool, not a test: it asserts nothing and no test runs it.
 * How to run it and what each figure means: docs/benchmark.md.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            System.out.println(BenchOptions.USAGE);
            if (e.getMessage() != null) {
                throw new IllegalArgumentException(e.getMessage());
            }
            return;
        }
        Path runDir = options.outDir().toAbsolutePath().resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + options.scenario().id());
        Files.createDirectories(runDir);
        String loadBefore = loadAverage();
        ResultTable table;
        try (ServiceProcesses processes = new ServiceProcesses(options, runDir)) {
            table = options.scenario() == Scenario.QUEUE_ONLY
                    ? QueueOnlyBenchmark.run(options, processes)
                    : runLoad(options, processes);
        } finally {
            System.out.println("logs of every process: " + runDir);
        }
        table.add("command", "bench/run.sh " + String.join(" ", args).trim());
        table.add("machine", "%d cores, %s, Java %s; load average %s before, %s after", Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version"), loadBefore, loadAverage());
        String rendered = table.render();
        Files.writeString(runDir.resolve("summary.md"), rendered);
        System.out.println();
        System.out.print(rendered);
    }

    private static ResultTable runLoad(BenchOptions options, ServiceProcesses processes) throws Exception {
        processes.start();
        LoadDriver driver = new LoadDriver(new LoadDriver.Settings(processes.apiUrl(), options.runs(), options.clients(),
                options.deadline(), options.poll(), options.logSample()));

        Supplier<ServiceProcesses.Fault> fault = switch (options.scenario()) {
            case KILL_WORKER -> processes::killWorker;
            case SIGTERM_WORKER -> processes::sigtermWorker;
            case RESTART_REDIS -> processes::restartRedis;
            case KILL_API -> processes::killApi;
            default -> null;
        };
        AtomicReference<ServiceProcesses.Fault> injected = new AtomicReference<>();
        AtomicReference<RuntimeException> faultFailure = new AtomicReference<>();
        Thread faultThread = new Thread(() -> {
            try {
                injected.set(fault.get());
            } catch (RuntimeException e) {
                faultFailure.set(e);
            }
        }, "bench-fault");
        int threshold = Math.max(1, (int) Math.ceil(options.faultAt() * options.runs()));

        System.err.printf("driving %d runs with %d clients against %s%n", options.runs(), options.clients(),
                processes.apiUrl());
        LoadDriver.Result result = driver.drive(
                started -> {
                    if (fault != null && started == threshold) {
                        System.err.printf("  ... %d runs started: injecting the fault (%s)%n", started, options.scenario().id());
                        faultThread.start();
                    }
                },
                () -> {
                    if (fault != null && faultThread.isAlive()) {
                        faultThread.join();
                    }
                },
                processes::recordLoadEnded);
        if (faultFailure.get() != null) {
            throw new IllegalStateException("the fault could not be injected", faultFailure.get());
        }
        Map<String, Long> redisCalls = processes.redisCommandCalls();
        writeRunsCsv(processes.runDir().resolve("runs.csv"), result, processes.agents().orElse(null));
        return describe(options, processes, result, injected.get(), redisCalls);
    }

    /** Every run's own figures, for a closer look than percentiles give (epoch millis, client times in µs). */
    private static void writeRunsCsv(Path file, LoadDriver.Result result, FakeAgentServer agents) throws IOException {
        StringBuilder csv = new StringBuilder("run_id,workspace_id,status,create_us,start_us,client_started_at,"
                + "started_at,execution_began_at,completed_at,duplicated_steps\n");
        for (LoadDriver.Accepted run : result.accepted()) {
            LoadDriver.Final f = result.finals().get(run.id());
            LoadDriver.AuditFacts audit = result.audits().get(run.id());
            csv.append(String.join(",", run.id(), run.workspace(), f.status(), String.valueOf(run.createMicros()),
                    String.valueOf(run.startMicros()), String.valueOf(run.startedByClientAt()), text(f.startedAt()),
                    text(executionBegan(run.id(), audit, agents)), text(f.completedAt()),
                    audit == null ? "" : String.valueOf(audit.duplicatedSteps()))).append('\n');
        }
        Files.writeString(file, csv);
    }

    private static String text(Long value) {
        return value == null ? "" : value.toString();
    }

    /** The end of a run's queue wait: its architect call reaching the fake agents, else its first step.completed. */
    private static Long executionBegan(String runId, LoadDriver.AuditFacts audit, FakeAgentServer agents) {
        if (agents != null) {
            return agents.firstArchitectCallAt(runId);
        }
        return audit == null ? null : audit.firstStepCompletedAt();
    }

    private static ResultTable describe(BenchOptions options, ServiceProcesses processes, LoadDriver.Result result,
                                        ServiceProcesses.Fault fault, Map<String, Long> redisCalls) {
        List<LoadDriver.Final> finals = result.accepted().stream().map(a -> result.finals().get(a.id())).toList();
        long completed = finals.stream().filter(f -> "completed".equals(f.status())).count();
        long failed = finals.stream().filter(f -> "failed".equals(f.status())).count();
        long blocked = finals.stream().filter(f -> "blocked".equals(f.status())).count();
        long lost = finals.stream().filter(f -> "missing".equals(f.status()) || "pending".equals(f.status())).count();
        long stuck = finals.stream().filter(f -> "running".equals(f.status())).count();
        long duplicated = result.audits().values().stream().filter(a -> a.duplicatedSteps() > 0).count();
        long lastEnd = finals.stream().filter(LoadDriver.Final::isTerminal).mapToLong(f -> f.completedAt())
                .max().orElse(result.firstRequestAt());
        long ended = completed + failed + blocked;

        long[] create = result.accepted().stream().mapToLong(LoadDriver.Accepted::createMicros).toArray();
        long[] start = result.accepted().stream().mapToLong(LoadDriver.Accepted::startMicros).toArray();
        long[] startToEnd = finals.stream().filter(f -> f.isTerminal() && f.startedAt() != null)
                .mapToLong(f -> (f.completedAt() - f.startedAt()) * 1000).toArray();
        List<long[]> waits = queueWaits(result, processes.agents().orElse(null));

        String processesLabel = options.mode() == Mode.REDIS
                ? String.format(Locale.ROOT, "api + %d worker(s) × WORKER_CONCURRENCY %s", options.workers(),
                concurrency(options, "1"))
                : "api, PIPELINE_CONCURRENCY " + concurrency(options, "8");
        ResultTable table = new ResultTable()
                .add("scenario / mode / store", "%s / %s / %s", options.scenario().id(),
                        options.mode().name().toLowerCase(Locale.ROOT),
                        options.store() == BenchOptions.Store.FILE ? "SQLite file" : "in-memory")
                .add("processes", processesLabel)
                .add("runs / clients / agents", "%d / %d / %s", options.runs(), options.clients(), options.agentsLabel())
                .add("end-to-end runs/s (first POST /runs → last run ended)", "%.1f",
                        ended / Math.max(0.001, (lastEnd - result.firstRequestAt()) / 1000.0))
                .add("submitted runs/s (first POST /runs → last 202 of start)", "%.1f",
                        result.accepted().size() / Math.max(0.001, (result.lastStartAt() - result.firstRequestAt()) / 1000.0))
                .add("POST /runs p50 / p95 / p99 ms", ResultTable.percentilesMillis(create))
                .add("POST /runs/{id}/start p50 / p95 / p99 ms", ResultTable.percentilesMillis(start))
                .add("start → terminal p50 / p95 / p99 ms", ResultTable.percentilesMillis(startToEnd))
                .add("queue wait p50 / p95 / p99 ms (" + (processes.agents().isPresent()
                                ? "started_at → architect call reaches the agent" : "started_at → first step.completed")
                                + ")", ResultTable.percentilesMillis(waits.get(0)))
                .add("execution p50 / p95 / p99 ms (end of queue wait → terminal)", ResultTable.percentilesMillis(waits.get(1)))
                .add("runs completed / failed / blocked", "%d / %d / %d", completed, failed, blocked)
                .add("lost / stuck / duplicated (must be 0)", "%d / %d / %d  (%s; duplicates in %d audit logs read)",
                        lost, stuck, duplicated, result.allEndedInTime() ? "all ended in time"
                                : "deadline of " + options.deadline().toSeconds() + " s passed", result.audits().size());
        if (result.refused() > 0 || result.clientRetries() > 0) {
            table.add("runs refused / client retries (connection errors, 503)", "%d / %d",
                    result.refused(), result.clientRetries());
        }
        processes.agents().ifPresent(agents -> table.add("agent calls / injected 503 / steps answered twice", "%d / %d / %d",
                agents.calls(), agents.injectedFailures(), agents.keysAnsweredTwice()));
        if (options.mode() == Mode.REDIS) {
            long lpush = redisCalls.getOrDefault("lpush", 0L);
            table.add("redis calls LPUSH / BLMOVE / LREM", "%d / %d / %d%s", lpush,
                    redisCalls.getOrDefault("blmove", 0L), redisCalls.getOrDefault("lrem", 0L),
                    lpush == 0 ? "  (no job went through Redis: does this jar honour REDIS_URL?)" : "");
        }
        if (fault != null) {
            describeFault(table, result, fault);
        }
        addProcessRows(table, processes, ended);
        return table;
    }

    /** What happened around the fault: runs in flight then, and how long until the last of them ended. */
    private static void describeFault(ResultTable table, LoadDriver.Result result, ServiceProcesses.Fault fault) {
        List<LoadDriver.Final> inFlight = new ArrayList<>();
        for (LoadDriver.Accepted run : result.accepted()) {
            LoadDriver.Final f = result.finals().get(run.id());
            boolean startedBefore = run.startedByClientAt() <= fault.injectedAt();
            boolean endedBefore = f.isTerminal() && f.completedAt() <= fault.injectedAt();
            if (startedBefore && !endedBefore) {
                inFlight.add(f);
            }
        }
        long notEnded = inFlight.stream().filter(f -> !f.isTerminal()).count();
        long lastEnded = inFlight.stream().filter(LoadDriver.Final::isTerminal).mapToLong(LoadDriver.Final::completedAt)
                .max().orElse(fault.injectedAt());
        table.add("fault", "%s, %.1f s into the load", fault.what(), (fault.injectedAt() - result.firstRequestAt()) / 1000.0);
        if (fault.exitMillis() >= 0) {
            table.add("stopped process exited after", "%d ms", fault.exitMillis());
        }
        if (fault.restartReadyMillis() >= 0) {
            table.add("down time (signal → restarted process ready)", "%d ms", fault.backAt() - fault.injectedAt());
        }
        table.add("runs started and not ended at the fault / not ended at the deadline", "%d / %d", inFlight.size(), notEnded);
        table.add("time to recover (fault → last of those runs ended)", notEnded > 0 ? "not recovered"
                : String.format(Locale.ROOT, "%d ms", lastEnded - fault.injectedAt()));
    }

    /** Queue wait and execution time of each run whose start of execution is known. */
    private static List<long[]> queueWaits(LoadDriver.Result result, FakeAgentServer agents) {
        List<Long> waits = new ArrayList<>();
        List<Long> executions = new ArrayList<>();
        for (LoadDriver.Accepted run : result.accepted()) {
            LoadDriver.Final f = result.finals().get(run.id());
            LoadDriver.AuditFacts audit = result.audits().get(run.id());
            Long startedAt = f.startedAt() != null ? f.startedAt() : audit == null ? null : audit.startedAt();
            Long executing = executionBegan(run.id(), audit, agents);
            if (startedAt == null || executing == null) {
                continue;
            }
            waits.add(Math.max(0, executing - startedAt) * 1000);
            if (f.isTerminal()) {
                executions.add(Math.max(0, f.completedAt() - executing) * 1000);
            }
        }
        return List.of(waits.stream().mapToLong(Long::longValue).toArray(),
                executions.stream().mapToLong(Long::longValue).toArray());
    }

    static void addProcessRows(ResultTable table, ServiceProcesses processes, long runs) {
        for (ProcessLauncher.Child child : processes.processes()) {
            table.add(child.name + ": ready after / peak RSS (VmHWM) / CPU until the load ended", "%s / %s / %s",
                    child.readyAfterMillis() < 0 ? "n/a" : child.readyAfterMillis() + " ms",
                    ResultTable.megabytes(child.peakRssKb()), cpu(child.cpuTime(), runs));
        }
        table.add("benchmark JVM (Maven, clients, fake agents): CPU until the load ended", "%s",
                cpu(processes.benchmarkCpuTime(), runs));
    }

    /** CPU seconds, and per run when runs were driven: the cost the throughput figure hides. */
    private static String cpu(Duration cpu, long runs) {
        String seconds = String.format(Locale.ROOT, "%.1f s", cpu.toMillis() / 1000.0);
        return runs <= 0 ? seconds : seconds + String.format(Locale.ROOT, " (%.2f ms per run)", (double) cpu.toMillis() / runs);
    }

    private static String concurrency(BenchOptions options, String serviceDefault) {
        return options.workerConcurrency() == null ? serviceDefault + " (default)" : options.workerConcurrency().toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
