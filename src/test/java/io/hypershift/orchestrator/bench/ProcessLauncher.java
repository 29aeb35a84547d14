package io.hypershift.orchestrator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Starts the benchmark's child processes (redis-server, the API, workers) with their output in a
 * log file each, waits until each is ready, and stops, kills or restarts them on demand. Whatever
 * is still running when the benchmark ends, fails or is interrupted (Ctrl-C) is killed.
 */
final class ProcessLauncher implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** One started process. A restart is a new Child with the same command and environment. */
    static final class Child {
        final String name;
        final String role;
        final List<String> command;
        final Map<String, String> env;
        final BooleanSupplier readiness;
        final Path log;
        private Process process;
        private long spawnedAtNanos;
        private long readyAfterMillis = -1;
        private long peakRssKb = -1;
        private Duration cpuTime = Duration.ZERO;
        private Duration cpuAtLoadEnd;

        private Child(String name, String role, List<String> command, Map<String, String> env,
                      BooleanSupplier readiness, Path log) {
            this.name = name;
            this.role = role;
            this.command = List.copyOf(command);
            this.env = Map.copyOf(env);
            this.readiness = readiness;
            this.log = log;
        }

        long pid() {
            return process.pid();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Time from spawn until the readiness probe first succeeded; -1 if it never did. */
        long readyAfterMillis() {
            return readyAfterMillis;
        }

        /** Peak resident set (VmHWM) in KiB, read from /proc while alive, else as last seen. */
        synchronized long peakRssKb() {
            sample();
            return peakRssKb;
        }

        /**
         * CPU time (user + system) the process used until the load ended (the reading-back of results
         * is not part of it), else until it exited or now.
         */
        synchronized Duration cpuTime() {
            sample();
            return cpuAtLoadEnd != null ? cpuAtLoadEnd : cpuTime;
        }

        synchronized void recordLoadEnded() {
            sample();
            cpuAtLoadEnd = cpuTime;
        }

        /** Reads the figures that are gone once the process has exited; called before stopping it. */
        synchronized void sample() {
            if (process.isAlive()) {
                peakRssKb = Math.max(peakRssKb, readStatusKb(process.pid(), "VmHWM:"));
                process.info().totalCpuDuration().ifPresent(cpu -> cpuTime = cpu);
            }
        }
    }

    private final Path logDir;
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final Thread killer = new Thread(this::killAll, "bench-child-killer");

    ProcessLauncher(Path logDir) {
        this.logDir = logDir;
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Spawns a process and waits until it is ready. */
    Child start(String name, String role, List<String> command, Map<String, String> env,
                             BooleanSupplier readiness, Duration readyTimeout) {
        Child child = new Child(name, role, command, env, readiness, logDir.resolve(name + ".log"));
        children.add(child);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(child.log.toFile()));
        builder.environment().putAll(env);
        child.spawnedAtNanos = System.nanoTime();
        try {
            child.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        awaitReady(child, readyTimeout);
        return child;
    }

    /** Starts the same command again under a new name (so its log and figures stay apart). */
    Child restart(Child previous, String newName, Duration readyTimeout) {
        return start(newName, previous.role, previous.command, previous.env, previous.readiness, readyTimeout);
    }

    /** SIGKILL: a crash. */
    void kill(Child child) {
        child.sample();
        child.process.destroyForcibly();
        awaitExit(child, STOP_GRACE);
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace; returns the millis until it exited. */
    long terminate(Child child, Duration grace) {
        child.sample();
        long start = System.nanoTime();
        child.process.destroy();
        if (!awaitExit(child, grace)) {
            child.process.destroyForcibly();
            awaitExit(child, STOP_GRACE);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    List<Child> children() {
        return List.copyOf(children);
    }

    /**
     * Stops every process still running, politely and in the reverse order of starting, so workers
     * can still hand their jobs back to a running Redis and reach the store.
     */
    @Override
    public void close() {
        List<Child> started = new ArrayList<>(children);
        Collections.reverse(started);
        for (Child child : started) {
            if (child.isAlive()) {
                child.sample();
                child.process.destroy();
                if (!awaitExit(child, STOP_GRACE)) {
                    child.process.destroyForcibly();
                }
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or about to.
        }
    }

    private void killAll() {
        children.stream().filter(Child::isAlive).forEach(child -> child.process.destroyForcibly());
    }

    private static void awaitReady(Child child, Duration timeout) {
        long deadline = child.spawnedAtNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.process.isAlive()) {
                throw new IllegalStateException(child.name + " exited with code " + child.process.exitValue()
                        + " before it was ready; its log " + child.log + " ends with:\n" + tail(child.log));
            }
            if (child.readiness.getAsBoolean()) {
                child.readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - child.spawnedAtNanos);
                return;
            }
            sleep(POLL);
        }
        throw new IllegalStateException(child.name + " was not ready within " + timeout + "; see " + child.log
                + ":\n" + tail(child.log));
    }

    private static boolean awaitExit(Child child, Duration timeout) {
        try {
            return child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static long readStatusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
