package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.store.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Lets one replica at a time do a periodic task: {@code SET key token NX PX ttl}, released only by
 * its holder. The TTL frees the lock of a replica that died holding it.
 */
@ApplicationScoped
class ReplicaLock {

    private static final Duration REDIS_WAIT = Duration.ofSeconds(5);

    private final RedisJobLists lists;

    ReplicaLock(RedisJobLists lists) {
        this.lists = lists;
    }

    /** Runs {@code task} unless another replica holds the lock; returns whether it ran. Blocking. */
    boolean runExclusively(String name, Duration ttl, Runnable task) {
        String token = RandomIds.hex(8);
        if (!lists.tryLock(name, token, ttl).await().atMost(REDIS_WAIT)) {
            return false;
        }
        try {
            task.run();
            return true;
        } finally {
            lists.unlock(name, token).await().atMost(REDIS_WAIT);
        }
    }
}
