package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.RedisConfig;
import io.hypershift.orchestrator.config.RoleConfig;
import io.hypershift.orchestrator.config.RoleConfig.Role;
import io.hypershift.orchestrator.config.WorkerConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

/**
 * Where jobs go and who executes them, decided at run time from configuration: with a Redis URL
 * jobs go to the Redis list and are executed by workers (or, in dev, by the API itself);
 * without one they run inside the API process.
 */
@ApplicationScoped
public class QueueMode {

    private final boolean redis;
    private final Role role;
    private final boolean consumeInApi;

    QueueMode(RedisConfig redis, RoleConfig role, WorkerConfig worker) {
        this.redis = redis.url().isPresent();
        this.role = role.role();
        this.consumeInApi = worker.consumeInApi();
    }

    public boolean redis() {
        return redis;
    }

    public boolean inProcess() {
        return !redis;
    }

    public Role role() {
        return role;
    }

    /** Whether this process consumes the Redis list; the API does so only when asked to (dev mode). */
    public boolean consumesHere() {
        return redis && (role == Role.WORKER || consumeInApi);
    }

    /** Skips scheduled queue maintenance in processes that do not use Redis. */
    @Singleton
    public static class WithoutRedis implements Scheduled.SkipPredicate {

        private final QueueMode mode;

        WithoutRedis(QueueMode mode) {
            this.mode = mode;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return mode.inProcess();
        }
    }
}
