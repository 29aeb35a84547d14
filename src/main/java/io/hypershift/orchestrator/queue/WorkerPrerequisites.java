package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.RedisConfig;
import io.hypershift.orchestrator.config.RoleConfig;
import io.hypershift.orchestrator.config.RoleConfig.Role;
import io.hypershift.orchestrator.config.StoreConfig;
import io.hypershift.orchestrator.store.StoreMigrator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A worker is useless without Redis (its jobs come from there) and with an in-memory store (it
 * could never see the API's runs): it refuses to start, naming the missing setting, and the
 * process exits non-zero.
 */
@ApplicationScoped
class WorkerPrerequisites {

    private static final Logger LOG = Logger.getLogger(WorkerPrerequisites.class);

    private final RoleConfig role;
    private final RedisConfig redis;
    private final StoreConfig store;

    WorkerPrerequisites(RoleConfig role, RedisConfig redis, StoreConfig store) {
        this.role = role;
        this.redis = redis;
        this.store = store;
    }

    void checkOnStart(@Observes @Priority(StoreMigrator.PRIORITY - 10) StartupEvent event) {
        List<String> missing = missing(role.role(), redis.url(), store.path());
        if (!missing.isEmpty()) {
            String message = "The worker cannot start: " + String.join("; ", missing);
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** What keeps a process of this role from working; empty when nothing does. */
    static List<String> missing(Role role, Optional<String> redisUrl, Optional<String> storePath) {
        List<String> missing = new ArrayList<>();
        if (role != Role.WORKER) {
            return missing;
        }
        if (redisUrl.isEmpty()) {
            missing.add("REDIS_URL (or HYPERSHIFT_REDIS_URL) is not set; a worker takes its jobs from Redis");
        }
        if (storePath.isEmpty()) {
            missing.add("ORCHESTRATOR_DATABASE_PATH (or DATABASE_PATH) is not set; a worker with an in-memory store"
                    + " could never see the runs of the API");
        }
        return missing;
    }
}
