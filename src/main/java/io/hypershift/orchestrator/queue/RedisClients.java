package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.RedisConfig;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Builds the Redis clients at run time from {@code hypershift.redis.url}, so a process without
 * Redis never connects. One pooled client is shared by everything that sends short commands;
 * each consumer gets a client of its own for its blocking pop, which holds a connection for
 * seconds at a time and must not take it from the shared pool. Clients open connections on
 * demand, so after Redis restarts the next command simply connects again.
 */
@ApplicationScoped
public class RedisClients {

    private final Vertx vertx;
    private final RedisConfig config;
    private Redis shared;

    RedisClients(Vertx vertx, RedisConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** The pooled client for short commands. */
    public synchronized Redis shared() {
        if (shared == null) {
            shared = Redis.createClient(vertx, options("hypershift", config.poolSize()));
        }
        return shared;
    }

    /**
     * A new single-connection client for one consumer's blocking commands; the caller closes it.
     * Its client metrics carry the consumer id as {@code clientName}.
     */
    public Redis dedicated(String consumerId) {
        return Redis.createClient(vertx, options(consumerId, 1));
    }

    /** {@code name} tags the client's metrics: {@code redis_*{clientName="<name>"}}. */
    private RedisOptions options(String name, int poolSize) {
        String url = config.url().orElseThrow(() -> new IllegalStateException("no Redis URL is configured"));
        NetClientOptions net = new NetClientOptions()
                .setMetricsName("redis|" + name)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setTcpKeepAlive(true);
        return new RedisOptions()
                .setConnectionString(url)
                .setPoolName("redis-" + name)
                .setNetClientOptions(net)
                .setMaxPoolSize(poolSize)
                .setMaxPoolWaiting(64)
                .setMaxWaitingHandlers(256);
    }

    @PreDestroy
    synchronized void close() {
        if (shared != null) {
            shared.close();
        }
    }
}
