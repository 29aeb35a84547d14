package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.config.RoleConfig.Role;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up check that makes a worker without Redis or with an in-memory store exit non-zero. */
class WorkerPrerequisitesTest {

    @Test
    void aWorkerWithoutRedisIsRefusedNamingTheSetting() {
        assertThat(WorkerPrerequisites.missing(Role.WORKER, Optional.empty(), Optional.of("/data/hypershift.db")))
                .singleElement().asString().contains("REDIS_URL").contains("HYPERSHIFT_REDIS_URL");
    }

    @Test
    void aWorkerWithAnInMemoryStoreIsRefusedNamingTheSetting() {
        assertThat(WorkerPrerequisites.missing(Role.WORKER, Optional.of("redis://localhost:6379"), Optional.empty()))
                .singleElement().asString().contains("ORCHESTRATOR_DATABASE_PATH").contains("DATABASE_PATH");
    }

    @Test
    void aWorkerWithRedisAndAStoreFileMayStart() {
        assertThat(WorkerPrerequisites.missing(Role.WORKER, Optional.of("redis://localhost:6379"),
                Optional.of("/data/hypershift.db"))).isEmpty();
    }

    @Test
    void theApiNeedsNeither() {
        assertThat(WorkerPrerequisites.missing(Role.API, Optional.empty(), Optional.empty())).isEmpty();
    }
}
