package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.QueueConfig;
import io.hypershift.orchestrator.config.WorkerConfig;
import io.hypershift.orchestrator.store.RandomIds;
import io.hypershift.orchestrator.store.StoreMigrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The consumers of this process: one, started at boot in the worker role (or in the API with
 * consume-in-api), and drained when the process is asked to stop (SIGTERM → ShutdownEvent).
 */
@ApplicationScoped
public class JobConsumers {

    private final List<RedisJobConsumer> running = new CopyOnWriteArrayList<>();
    private final QueueMode mode;
    private final WorkerConfig worker;
    private final QueueConfig queue;
    private final RedisClients clients;
    private final RedisJobLists lists;
    private final JobProcessor processor;
    private final RequeueLog requeueLog;

    JobConsumers(QueueMode mode, WorkerConfig worker, QueueConfig queue, RedisClients clients, RedisJobLists lists,
                 JobProcessor processor, RequeueLog requeueLog, QueueMetrics metrics) {
        this.mode = mode;
        this.worker = worker;
        this.queue = queue;
        this.clients = clients;
        this.lists = lists;
        this.processor = processor;
        this.requeueLog = requeueLog;
        metrics.trackInFlight(this::executing);
    }

    void startOnBoot(@Observes @Priority(StoreMigrator.PRIORITY + 20) StartupEvent event) {
        if (mode.consumesHere()) {
            start(hostName() + "-" + RandomIds.hex(4), worker.concurrency());
        }
    }

    void drainOnShutdown(@Observes ShutdownEvent event) {
        Duration grace = worker.shutdownGrace();
        CompletableFuture.allOf(running.stream()
                .map(consumer -> CompletableFuture.runAsync(() -> stop(consumer, grace)))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** Starts a consumer with its own id (and so its own processing list and heartbeat). */
    public RedisJobConsumer start(String consumerId, int concurrency) {
        RedisJobConsumer consumer = new RedisJobConsumer(consumerId, concurrency, worker.pollTimeout(), queue, clients,
                lists, processor, requeueLog);
        running.add(consumer);
        consumer.start();
        return consumer;
    }

    /** Drains a consumer (see {@link RedisJobConsumer#stop(Duration)}); blocking. */
    public void stop(RedisJobConsumer consumer, Duration grace) {
        consumer.stop(grace);
        running.remove(consumer);
    }

    /** Consumers started and not stopped. */
    public List<RedisJobConsumer> running() {
        return List.copyOf(running);
    }

    /** Whether this process is meant to consume. */
    public boolean expected() {
        return mode.consumesHere();
    }

    private int executing() {
        return running.stream().mapToInt(RedisJobConsumer::executing).sum();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
