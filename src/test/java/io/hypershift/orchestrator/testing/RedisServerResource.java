package io.hypershift.orchestrator.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real {@link RedisServer} for a Quarkus test and points the application at it.
 * The server is reachable from the test through a field annotated {@link InjectRedisServer}
 * or through {@link #current()}. With the init arg {@code appendonly=true} its data survives
 * {@link RedisServer#restart()} and {@link RedisServer#kill()}.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String APPEND_ONLY_ARG = "appendonly";

    private static volatile RedisServer current;

    private boolean appendOnly;
    private RedisServer server;

    /** The server of the running Quarkus test, or {@code null} when none is running. */
    public static RedisServer current() {
        return current;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        appendOnly = Boolean.parseBoolean(initArgs.getOrDefault(APPEND_ONLY_ARG, "false"));
    }

    @Override
    public Map<String, String> start() {
        server = RedisServer.start(appendOnly);
        current = server;
        return Map.of(
                "quarkus.redis.hosts", server.url(),
                "hypershift.redis.url", server.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectRedisServer.class, RedisServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            if (current == server) {
                current = null;
            }
            server = null;
        }
    }
}
