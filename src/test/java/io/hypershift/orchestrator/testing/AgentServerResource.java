package io.hypershift.orchestrator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts an {@link AgentServer} and points the agents named in the {@code agents} init argument
 * (comma-separated, e.g. {@code builder,sre}) at it; the others stay the built-in stubs.
 */
public class AgentServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile AgentServer current;
    private String agents = "architect,builder,sentinel,sre,finops";

    /** The server of the running test application. */
    public static AgentServer current() {
        return current;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        agents = initArgs.getOrDefault("agents", agents);
    }

    @Override
    public Map<String, String> start() {
        current = AgentServer.start();
        Map<String, String> config = new java.util.HashMap<>();
        for (String agent : agents.split(",")) {
            config.put("hypershift.agents." + agent.strip() + "-url", current.url());
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(current, new TestInjector.MatchesType(AgentServer.class));
    }

    @Override
    public void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
