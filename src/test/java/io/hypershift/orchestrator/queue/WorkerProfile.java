package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.testing.RedisServerResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The worker role, as {@code QUARKUS_PROFILE=worker} sets it, against a real redis-server and the SQLite file. */
public class WorkerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hypershift.role", "worker",
                "hypershift.worker.concurrency", "2",
                "hypershift.worker.poll-timeout", "500ms",
                "hypershift.queue.depth-refresh-interval", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisServerResource.class));
    }
}
