package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.testing.RedisServerResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The API role with a real redis-server (append-only, so it keeps its data across a restart)
 * and no consumer of its own: tests start consumers — several instances of the consumer class,
 * each with its own id, inside this one application — and stop them. Short periods keep the
 * reaper and reconciler quick; each pipeline step pauses so runs stay in flight for a moment.
 */
public class RedisQueueProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("hypershift.role", "api"),
                Map.entry("hypershift.worker.consume-in-api", "false"),
                Map.entry("hypershift.worker.poll-timeout", "500ms"),
                Map.entry("hypershift.queue.heartbeat-interval", "200ms"),
                Map.entry("hypershift.queue.heartbeat-ttl", "10s"),
                Map.entry("hypershift.queue.reaper-interval", "1s"),
                Map.entry("hypershift.queue.reconcile-interval", "1s"),
                Map.entry("hypershift.queue.reconcile-stale-after", "2s"),
                Map.entry("hypershift.queue.depth-refresh-interval", "1s"),
                Map.entry("hypershift.queue.retry-backoff", "200ms"),
                Map.entry("hypershift.pipeline.step-delay-ms", "100"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisServerResource.class,
                Map.of(RedisServerResource.APPEND_ONLY_ARG, "true")));
    }
}
