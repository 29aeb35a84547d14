package io.hypershift.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis list alone, with the service's keys and commands but no HTTP, store or pipeline:
 * C producers {@code LPUSH hypershift-runs {"runId":"bench-i"}} (optionally P per round trip),
 * C consumers each {@code BLMOVE hypershift-runs hypershift-runs:processing:<consumer> RIGHT LEFT}
 * one job, then acknowledge it with {@code LREM} from their processing list — what a worker does
 * around every pipeline. The figure to compare with published job-queue numbers.
 */
final class QueueOnlyBenchmark {

    private static final String QUEUE = "hypershift-runs";
    private static final String JOB_PREFIX = "{\"runId\":\"bench-";

    private QueueOnlyBenchmark() {
    }

    static ResultTable run(BenchOptions options, ServiceProcesses processes) throws Exception {
        processes.startRedis();
        int jobs = options.runs();
        int clients = options.clients();
        int port = processes.redisPort();
        long[] enqueuedAt = new long[jobs];
        long[] ackedAt = new long[jobs];
        AtomicInteger nextJob = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        AtomicLong lastEnqueue = new AtomicLong();

        ExecutorService threads = Executors.newFixedThreadPool(2 * clients, LoadDriver.daemon("bench-queue"));
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String processing = QUEUE + ":processing:bench-" + c;
            work.add(threads.submit(() -> consume(port, processing, jobs, acked, ackedAt)));
        }
        long began = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            work.add(threads.submit(() -> produce(port, jobs, options.pipeline(), nextJob, enqueuedAt, lastEnqueue)));
        }
        for (Future<?> f : work) {
            f.get(10, TimeUnit.MINUTES);
        }
        threads.shutdown();

        long lastAck = 0;
        long[] latencies = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            lastAck = Math.max(lastAck, ackedAt[i]);
            latencies[i] = (ackedAt[i] - enqueuedAt[i]) / 1000;
        }
        var calls = processes.redisCommandCalls();
        ResultTable table = new ResultTable()
                .add("scenario", "queue-only: LPUSH → BLMOVE → LREM on %s (redis-server, appendfsync %s)",
                        QUEUE, options.redisFsync())
                .add("jobs / producers / consumers / LPUSH per round trip", "%d / %d / %d / %d",
                        jobs, clients, clients, options.pipeline())
                .add("jobs/s end to end (first LPUSH → last LREM)", "%.0f", jobs / seconds(lastAck - began))
                .add("jobs/s enqueued (first → last LPUSH)", "%.0f", jobs / seconds(lastEnqueue.get() - began))
                .add("enqueue → ack p50 / p95 / p99 ms", ResultTable.percentilesMillis(latencies))
                .add("redis calls LPUSH / BLMOVE / LREM", "%d / %d / %d", calls.getOrDefault("lpush", 0L),
                        calls.getOrDefault("blmove", 0L), calls.getOrDefault("lrem", 0L));
        Benchmark.addProcessRows(table, processes, 0);
        return table;
    }

    private static Void produce(int port, int jobs, int pipeline, AtomicInteger nextJob, long[] enqueuedAt,
                                AtomicLong lastEnqueue) {
        try (RespConnection redis = new RespConnection(ServiceProcesses.HOST, port, 10_000)) {
            while (true) {
                int first = nextJob.getAndAdd(pipeline);
                if (first >= jobs) {
                    return null;
                }
                int last = Math.min(jobs, first + pipeline);
                for (int i = first; i < last; i++) {
                    enqueuedAt[i] = System.nanoTime();
                    redis.write("LPUSH", QUEUE, JOB_PREFIX + i + "\"}");
                }
                redis.flush();
                for (int i = first; i < last; i++) {
                    requireNoError(redis.read());
                }
                lastEnqueue.accumulateAndGet(System.nanoTime(), Math::max);
            }
        }
    }

    private static Void consume(int port, String processing, int jobs, AtomicInteger acked, long[] ackedAt) {
        try (RespConnection redis = new RespConnection(ServiceProcesses.HOST, port, 10_000)) {
            while (acked.get() < jobs) {
                Object job = redis.call("BLMOVE", QUEUE, processing, "RIGHT", "LEFT", "1");
                if (job == null) {
                    continue;
                }
                requireNoError(job);
                requireNoError(redis.call("LREM", processing, "1", (String) job));
                String text = (String) job;
                int index = Integer.parseInt(text.substring(JOB_PREFIX.length(), text.length() - 2));
                ackedAt[index] = System.nanoTime();
                acked.incrementAndGet();
            }
            return null;
        }
    }

    private static void requireNoError(Object reply) {
        if (reply instanceof RespConnection.RedisError error) {
            throw new IllegalStateException("redis answered " + error.message());
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
