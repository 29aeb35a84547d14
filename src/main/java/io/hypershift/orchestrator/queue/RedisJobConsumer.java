package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.QueueConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.redis.client.Redis;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One consumer of the Redis list, with its own id, processing list and heartbeat key.
 * <p>
 * The loop is a Mutiny stream: a blocking pop (BLMOVE with a timeout, on this consumer's own
 * connection) is repeated only while there is demand, and {@code merge(concurrency)} asks for a
 * new job only when one of at most {@code concurrency} jobs in flight is done — so no more than
 * that ever run, and nothing polls. Pipelines run on a thread pool of exactly {@code concurrency}
 * threads owned by this consumer (not the shared worker pool).
 * <p>
 * When the blocking connection fails (Redis restarting) the pop is retried with backoff on a new
 * connection; before the next pop, jobs of this consumer's processing list that it is not
 * holding (a pop whose reply was lost, an acknowledgement that never reached Redis) go back to
 * the queue. {@link #stop(Duration)} drains: no new jobs, running ones finish within the grace
 * period, everything still held goes back to the front of the queue.
 */
public final class RedisJobConsumer {

    public enum State { CREATED, RUNNING, STOPPING, STOPPED, FAILED }

    private static final Logger LOG = Logger.getLogger(RedisJobConsumer.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(5);

    private final String id;
    private final int concurrency;
    private final Duration pollTimeout;
    private final QueueConfig queueConfig;
    private final RedisClients clients;
    private final RedisJobLists lists;
    private final JobProcessor processor;
    private final RequeueLog requeueLog;
    private final ExecutorService executor;

    /** Jobs of the processing list this consumer is working on or will retry; a payload may appear twice. */
    private final List<String> held = new ArrayList<>();
    private final AtomicInteger executing = new AtomicInteger();
    private final AtomicInteger peakExecuting = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Void> loopEnded = new CompletableFuture<>();
    private volatile State state = State.CREATED;
    private volatile boolean connected;
    private volatile boolean recoverOrphans;
    private Redis blocking;
    private Cancellable heartbeat;

    RedisJobConsumer(String id, int concurrency, Duration pollTimeout, QueueConfig queueConfig, RedisClients clients,
                     RedisJobLists lists, JobProcessor processor, RequeueLog requeueLog) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.id = id;
        this.concurrency = concurrency;
        this.pollTimeout = pollTimeout;
        this.queueConfig = queueConfig;
        this.clients = clients;
        this.lists = lists;
        this.processor = processor;
        this.requeueLog = requeueLog;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "job-" + id + "-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    /** Whether the last blocking pop reached Redis. */
    public boolean connected() {
        return connected;
    }

    /** Pipelines executing now. */
    public int executing() {
        return executing.get();
    }

    /** The most pipelines that executed at once since start. */
    public int peakExecuting() {
        return peakExecuting.get();
    }

    void start() {
        state = State.RUNNING;
        heartbeat = Multi.createFrom().ticks().every(queueConfig.heartbeatInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> beat())
                .subscribe().with(tick -> { });
        beat().subscribe().with(ignored -> jobs()
                .onItem().transformToUni(this::process).merge(concurrency)
                .subscribe().with(done -> { }, this::loopFailed, this::loopCompleted));
        LOG.infof("consumer started consumer=%s concurrency=%d", id, concurrency);
    }

    /**
     * Stops taking jobs, lets the running ones finish for up to {@code grace}, then puts every job
     * still in this consumer's processing list back at the front of the queue. Blocking.
     */
    public void stop(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        state = State.STOPPING;
        LOG.infof("consumer stopping consumer=%s executing=%d graceMs=%d", id, executing.get(), grace.toMillis());
        closeBlockingConnection();
        boolean drained = awaitLoopEnd(grace);
        int returned = returnHeldJobs();
        if (heartbeat != null) {
            heartbeat.cancel();
        }
        try {
            lists.removeHeartbeat(id).await().atMost(REDIS_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat not removed, it expires by itself consumer=%s error=%s", id, e.toString());
        }
        // Not shutdownNow: interrupting a pipeline would fail its run; a straggler dies with the process.
        executor.shutdown();
        state = State.STOPPED;
        LOG.infof("consumer stopped consumer=%s drained=%s returnedJobs=%d", id, drained, returned);
    }

    // ---- taking jobs -------------------------------------------------------------------------

    private Multi<String> jobs() {
        return Multi.createBy().repeating().uni(this::takeNext)
                .until(job -> stopping.get())
                .select().where(Optional::isPresent)
                .map(Optional::get);
    }

    private Uni<Optional<String>> takeNext() {
        return Uni.createFrom().deferred(() -> {
                    if (stopping.get()) {
                        return Uni.createFrom().item(Optional.<String>empty());
                    }
                    return recoverOrphansIfNeeded()
                            .chain(() -> lists.take(blockingConnection(), id, pollTimeout))
                            .invoke(this::connectionUp)
                            .map(Optional::ofNullable);
                })
                .onFailure(e -> !stopping.get()).invoke(this::connectionLost)
                .onFailure(e -> !stopping.get()).retry().withBackOff(Duration.ofMillis(250), Duration.ofSeconds(5)).indefinitely()
                // Failing while stopping is the blocking connection being closed on purpose.
                .onFailure().recoverWithItem(Optional.empty());
    }

    private Uni<Void> recoverOrphansIfNeeded() {
        if (!recoverOrphans) {
            return Uni.createFrom().voidItem();
        }
        return beat().chain(() -> {
                    // Cleared before the snapshot: a job released meanwhile sets it again for the next pass.
                    recoverOrphans = false;
                    return lists.requeueAllBut(id, heldJobs());
                })
                .invoke(orphans -> requeueLog.requeued(orphans, "orphaned", id))
                .onFailure().invoke(() -> recoverOrphans = true)
                .replaceWithVoid();
    }

    private void connectionUp() {
        if (!connected) {
            LOG.infof("consumer connected to Redis consumer=%s", id);
            connected = true;
        }
    }

    private void connectionLost(Throwable failure) {
        if (connected) {
            LOG.warnf("consumer lost Redis, reconnecting with backoff consumer=%s error=%s", id, failure.toString());
        }
        connected = false;
        recoverOrphans = true;
        closeBlockingConnection();
    }

    private synchronized Redis blockingConnection() {
        if (stopping.get()) {
            throw new IllegalStateException("consumer " + id + " is stopping");
        }
        if (blocking == null) {
            blocking = clients.dedicated(id);
        }
        return blocking;
    }

    private synchronized void closeBlockingConnection() {
        if (blocking != null) {
            blocking.close();
            blocking = null;
        }
    }

    // ---- working on a job --------------------------------------------------------------------

    /** Never fails: a failure would end the loop. */
    private Uni<Void> process(String payload) {
        hold(payload);
        int now = executing.incrementAndGet();
        peakExecuting.accumulateAndGet(now, Math::max);
        return Uni.createFrom().deferred(() -> processor.process(id, payload, executor))
                .onItemOrFailure().invoke((handled, failure) -> {
                    executing.decrementAndGet();
                    if (failure != null) {
                        LOG.warnf("job left in the processing list, Redis unavailable consumer=%s payload=%s error=%s",
                                id, payload, failure.toString());
                        release(payload);
                        recoverOrphans = true;
                    } else if (handled.retryAfter().isPresent()) {
                        requeueLater(payload, handled.retryAfter().get());
                    } else {
                        release(payload);
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Puts a failed job back after a pause, without holding a concurrency slot meanwhile. */
    private void requeueLater(String payload, Duration pause) {
        Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                .chain(() -> lists.retry(id, payload))
                .subscribe().with(requeued -> {
                    release(payload);
                    if (requeued) {
                        requeueLog.requeued(List.of(payload), "failed", id);
                    }
                }, failure -> {
                    release(payload);
                    recoverOrphans = true;
                });
    }

    private synchronized void hold(String payload) {
        held.add(payload);
    }

    private synchronized void release(String payload) {
        held.remove(payload);
    }

    private synchronized List<String> heldJobs() {
        return List.copyOf(held);
    }

    // ---- liveness ----------------------------------------------------------------------------

    private Uni<Void> beat() {
        return lists.heartbeat(id, queueConfig.heartbeatTtl())
                .onFailure().invoke(e -> LOG.debugf("heartbeat failed consumer=%s error=%s", id, e.toString()))
                .onFailure().recoverWithNull();
    }

    private void loopFailed(Throwable failure) {
        state = State.FAILED;
        LOG.errorf(failure, "consumer loop died consumer=%s", id);
        loopEnded.complete(null);
    }

    private void loopCompleted() {
        if (!stopping.get()) {
            state = State.FAILED;
            LOG.errorf("consumer loop ended unexpectedly consumer=%s", id);
        }
        loopEnded.complete(null);
    }

    // ---- stopping ----------------------------------------------------------------------------

    private boolean awaitLoopEnd(Duration grace) {
        try {
            loopEnded.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            LOG.warnf("grace period over, %d job(s) still running go back to the queue consumer=%s", executing.get(), id);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private int returnHeldJobs() {
        try {
            List<String> returned = lists.returnAll(id).await().atMost(REDIS_WAIT);
            requeueLog.requeued(returned, "shutdown", id);
            return returned.size();
        } catch (RuntimeException e) {
            LOG.warnf("jobs not returned, the reaper will once the heartbeat expires consumer=%s error=%s", id, e.toString());
            return 0;
        }
    }
}
