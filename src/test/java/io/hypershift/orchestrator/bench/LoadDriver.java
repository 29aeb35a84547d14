package io.hypershift.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives runs through the API as clients would: C client threads each create a run
 * ({@code POST /runs}) and start it ({@code POST /runs/{id}/start}) as fast as the API answers,
 * while one poller watches completion cheaply (one {@code /observability/slo} count per workspace).
 * Once every run ended, or the deadline passed, the outcome of every run is read from the API
 * ({@code /observability/outcomes}, {@code GET /runs/{id}}) together with the audit logs.
 *
 * <p>Times on the service's side (started_at, completed_at, audit entries) come from the service's
 * clock, which on loopback is this machine's clock too, so they are compared with the client's.
 */
final class LoadDriver {

    /** Monthly run limit of the pro tier: no workspace is given more runs than this. */
    private static final int RUNS_PER_WORKSPACE = 1000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long a client keeps retrying a request that met a connection error or a 503. */
    private static final Duration RETRY_BUDGET = Duration.ofSeconds(90);
    private static final String INTENT = "{\"user_intent\":{\"description\":\"benchmark app %d with a Postgres database\"},"
            + "\"codename\":\"bench\",\"tags\":[\"bench\"]}";

    record Settings(String baseUrl, int runs, int clients, Duration deadline, Duration poll, int logSample) {
    }

    /** A run the API accepted: created (201) and started (202). */
    record Accepted(String id, String workspace, long createMicros, long startMicros, long startedByClientAt) {
    }

    /** What the service says of a run at the end. */
    record Final(String id, String status, Long startedAt, Long completedAt, String failedStep) {

        boolean isTerminal() {
            return "completed".equals(status) || "failed".equals(status) || "blocked".equals(status);
        }
    }

    /** What the audit log of a run shows. */
    record AuditFacts(String id, Long startedAt, Long firstStepCompletedAt, int duplicatedSteps) {
    }

    /** Everything measured by one drive. */
    record Result(long firstRequestAt, long lastStartAt, List<Accepted> accepted, int refused,
                  Map<String, Final> finals, Map<String, AuditFacts> audits, long clientRetries,
                  boolean allEndedInTime, long waitEndedAt) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final LongAdder retries = new LongAdder();

    LoadDriver(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /**
     * Drives all runs; {@code onStarted} is told the number of runs started so far after each start
     * (the fault scenarios inject their fault from it, on a thread of their own); {@code onLoadEnded}
     * runs once every run has ended (or the deadline passed), before the results are read back.
     */
    Result drive(StartListener onStarted, FaultWait faultWait, Runnable onLoadEnded) throws InterruptedException {
        List<String> workspaces = createWorkspaces(Math.max(settings.clients(),
                (settings.runs() + RUNS_PER_WORKSPACE - 1) / RUNS_PER_WORKSPACE));
        Map<String, AtomicInteger> acceptedPerWorkspace = new ConcurrentHashMap<>();
        workspaces.forEach(ws -> acceptedPerWorkspace.put(ws, new AtomicInteger()));
        List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>(settings.runs()));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong lastStartAt = new AtomicLong();
        CompletionPoller poller = new CompletionPoller(workspaces, acceptedPerWorkspace);

        long firstRequestAt = System.currentTimeMillis();
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients(), daemon("bench-client"));
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            done.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < settings.runs(); i = next.getAndIncrement()) {
                    String workspace = workspaces.get(i % workspaces.size());
                    Optional<Accepted> run = createAndStart(i, workspace);
                    if (run.isEmpty()) {
                        refused.incrementAndGet();
                        continue;
                    }
                    accepted.add(run.get());
                    acceptedPerWorkspace.get(workspace).incrementAndGet();
                    lastStartAt.accumulateAndGet(System.currentTimeMillis(), Math::max);
                    onStarted.started(started.incrementAndGet());
                }
                return null;
            }));
        }
        ScheduledExecutorService polling = Executors.newSingleThreadScheduledExecutor(daemon("bench-poller"));
        polling.scheduleWithFixedDelay(poller, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a client failed", e.getCause());
            }
        }
        clients.shutdown();
        faultWait.awaitFault();
        long deadline = Math.max(lastStartAt.get(), System.currentTimeMillis()) + settings.deadline().toMillis();
        boolean allEnded = poller.awaitAllEnded(deadline);
        long waitEndedAt = System.currentTimeMillis();
        polling.shutdownNow();
        onLoadEnded.run();

        List<Accepted> runs = List.copyOf(accepted);
        Map<String, Final> finals = readOutcomes(workspaces, runs);
        Map<String, AuditFacts> audits = readAuditLogs(runs, finals);
        return new Result(firstRequestAt, lastStartAt.get(), runs, refused.get(), finals, audits, retries.sum(),
                allEnded, waitEndedAt);
    }

    @FunctionalInterface
    interface StartListener {
        void started(int runsStarted);
    }

    @FunctionalInterface
    interface FaultWait {
        void awaitFault() throws InterruptedException;
    }

    private List<String> createWorkspaces(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode workspace = expect(201, send(post("/workspaces", "{\"name\":\"bench-" + i + "\"}", null)));
            String id = workspace.path("id").asText();
            expect(200, send(request("/workspaces/" + id + "/tier", null)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"tier\":\"pro\"}")).build()));
            ids.add(id);
        }
        return ids;
    }

    private Optional<Accepted> createAndStart(int index, String workspace) {
        long t0 = System.nanoTime();
        HttpResponse<String> created = send(post("/runs", String.format(INTENT, index), workspace));
        long t1 = System.nanoTime();
        if (created.statusCode() != 201) {
            System.err.printf("POST /runs answered %d: %s%n", created.statusCode(), created.body());
            return Optional.empty();
        }
        String id = read(created.body()).path("run_id").asText();
        HttpResponse<String> start = send(post("/runs/" + id + "/start", "", workspace));
        long t2 = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        // 400 "not pending" after a retried start means an earlier attempt did start it.
        boolean ok = start.statusCode() == 202 || (start.statusCode() == 400 && isStartedOrEnded(id, workspace));
        if (!ok) {
            System.err.printf("POST /runs/%s/start answered %d: %s%n", id, start.statusCode(), start.body());
            return Optional.empty();
        }
        return Optional.of(new Accepted(id, workspace, (t1 - t0) / 1000, (t2 - t1) / 1000, startedAt));
    }

    private boolean isStartedOrEnded(String id, String workspace) {
        HttpResponse<String> run = send(get("/runs/" + id, workspace));
        return run.statusCode() == 200 && !"pending".equals(read(run.body()).path("status").asText());
    }

    /** Watches, one small count per workspace, until every accepted run has ended. */
    private final class CompletionPoller implements Runnable {
        private final List<String> workspaces;
        private final Map<String, AtomicInteger> accepted;
        private final Map<String, Long> ended = new ConcurrentHashMap<>();
        private final Object signal = new Object();
        // The verdict of the last finished poll, and when that poll began (System.nanoTime).
        private long verdictPollBegan = System.nanoTime();
        private boolean verdictAllEnded;
        private long lastReport = System.nanoTime();

        CompletionPoller(List<String> workspaces, Map<String, AtomicInteger> accepted) {
            this.workspaces = workspaces;
            this.accepted = accepted;
        }

        /** One poll; scheduled every {@code --poll-ms} until the load ends. */
        @Override
        public void run() {
            long began = System.nanoTime();
            long totalAccepted = 0;
            for (String ws : workspaces) {
                int acceptedHere = accepted.get(ws).get();
                totalAccepted += acceptedHere;
                if (ended.getOrDefault(ws, 0L) < acceptedHere) {
                    endedRuns(ws).ifPresent(count -> ended.put(ws, count));
                }
            }
            long totalEnded = ended.values().stream().mapToLong(Long::longValue).sum();
            if (began - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                System.err.printf("  ... %d runs started, %d ended%n", totalAccepted, totalEnded);
                lastReport = began;
            }
            synchronized (signal) {
                verdictPollBegan = began;
                verdictAllEnded = totalEnded >= totalAccepted;
                signal.notifyAll();
            }
        }

        /**
         * Waits for a poll that began after this call (so after the last run was accepted) to find
         * every run ended; false when the deadline (epoch millis) comes first.
         */
        boolean awaitAllEnded(long deadline) throws InterruptedException {
            long since = System.nanoTime();
            synchronized (signal) {
                while (verdictPollBegan - since < 0 || !verdictAllEnded) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return false;
                    }
                    signal.wait(left);
                }
                return true;
            }
        }

        private Optional<Long> endedRuns(String workspace) {
            try {
                HttpResponse<String> slo = http.send(get("/observability/slo?days=1", workspace),
                        HttpResponse.BodyHandlers.ofString());
                return slo.statusCode() == 200 ? Optional.of(read(slo.body()).path("total_runs").asLong())
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private Map<String, Final> readOutcomes(List<String> workspaces, List<Accepted> runs) {
        Map<String, Final> finals = new HashMap<>();
        for (String ws : workspaces) {
            JsonNode outcomes = expect(200, send(get("/observability/outcomes", ws))).path("outcomes");
            for (JsonNode o : outcomes) {
                Long completedAt = millis(o.path("completed_at"));
                Long duration = o.path("duration_ms").isNumber() ? o.path("duration_ms").asLong() : null;
                Long startedAt = completedAt != null && duration != null ? completedAt - duration : null;
                String failedStep = o.path("failed_step").isTextual() ? o.path("failed_step").asText() : null;
                finals.put(o.path("run_id").asText(),
                        new Final(o.path("run_id").asText(), o.path("status").asText(), startedAt, completedAt, failedStep));
            }
        }
        // Runs that have not ended are not among the outcomes: ask for each (a few, or none).
        for (Accepted run : runs) {
            finals.computeIfAbsent(run.id(), id -> {
                HttpResponse<String> response = send(get("/runs/" + id, run.workspace()));
                if (response.statusCode() == 404) {
                    return new Final(id, "missing", null, null, null);
                }
                JsonNode record = expect(200, response);
                return new Final(id, record.path("status").asText(), millis(record.path("started_at")),
                        millis(record.path("completed_at")), null);
            });
        }
        return finals;
    }

    private Map<String, AuditFacts> readAuditLogs(List<Accepted> runs, Map<String, Final> finals) {
        int sample = Math.min(settings.logSample(), runs.size());
        if (sample == 0) {
            return Map.of();
        }
        // Evenly spread over the order of starting, so the sample covers the whole run.
        double stride = (double) runs.size() / sample;
        List<Accepted> chosen = new ArrayList<>(sample);
        for (int i = 0; i < sample; i++) {
            chosen.add(runs.get((int) (i * stride)));
        }
        Map<String, AuditFacts> facts = new ConcurrentHashMap<>();
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(settings.clients(), 8), daemon("bench-audit"));
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (Accepted run : chosen) {
                if ("missing".equals(finals.get(run.id()).status())) {
                    continue;
                }
                reads.add(readers.submit(() -> facts.put(run.id(), auditFacts(run))));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading audit logs failed", e.getCause());
        } finally {
            readers.shutdown();
        }
        return facts;
    }

    private AuditFacts auditFacts(Accepted run) {
        JsonNode logs = expect(200, send(get("/runs/" + run.id() + "/logs", run.workspace()))).path("logs");
        Map<String, Integer> completions = new HashMap<>();
        Long startedAt = null;
        Long firstStep = null;
        for (JsonNode entry : logs) {
            String action = entry.path("action").asText();
            if ("run.started".equals(action) && startedAt == null) {
                startedAt = millis(entry.path("created_at"));
            } else if ("step.completed".equals(action)) {
                completions.merge(entry.path("details").path("step").asText(), 1, Integer::sum);
                if (firstStep == null) {
                    firstStep = millis(entry.path("created_at"));
                }
            }
        }
        int duplicated = (int) completions.values().stream().filter(count -> count > 1).count();
        return new AuditFacts(run.id(), startedAt, firstStep, duplicated);
    }

    // --- HTTP with retries on connection errors and 503 (the API restarting, Redis away) ---

    private HttpResponse<String> send(HttpRequest request) {
        long giveUpAt = System.nanoTime() + RETRY_BUDGET.toNanos();
        long pause = 50;
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 503 || System.nanoTime() > giveUpAt) {
                    return response;
                }
            } catch (IOException e) {
                if (System.nanoTime() > giveUpAt) {
                    throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            retries.increment();
            ProcessLauncher.sleep(Duration.ofMillis(pause));
            pause = Math.min(1000, pause * 2);
        }
    }

    private HttpRequest.Builder request(String path, String workspace) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json");
        if (workspace != null) {
            builder.header("X-Workspace-Id", workspace);
        }
        return builder;
    }

    private HttpRequest post(String path, String body, String workspace) {
        return request(path, workspace).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest get(String path, String workspace) {
        return request(path, workspace).GET().build();
    }

    private JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return read(response.body());
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static Long millis(JsonNode timestamp) {
        return timestamp.isTextual() ? Instant.parse(timestamp.asText()).toEpochMilli() : null;
    }

    static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
