package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.orchestrator.config.AgentsConfig;
import io.hypershift.orchestrator.retry.ExponentialBackoff;
import io.hypershift.orchestrator.run.Step;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The agent that serves each step: over HTTP when its URL is configured, else the built-in stub. */
@ApplicationScoped
public class AgentDirectory {

    private final Map<Step, Agent> agents = new EnumMap<>(Step.class);

    AgentDirectory(AgentsConfig config, ObjectMapper json) {
        // One client for all agents: its pool keeps connections alive across calls and runs.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(config.timeoutMs(), 10_000)))
                .build();
        ExponentialBackoff backoff = new ExponentialBackoff(config.initialBackoff(), config.maxBackoff());
        register(Step.ARCHITECT, config.architectUrl(), "/architect", StubReplies::architect, config, backoff, client, json);
        register(Step.BUILDER, config.builderUrl(), "/builder", StubReplies::builder, config, backoff, client, json);
        register(Step.SENTINEL, config.sentinelUrl(), "/sentinel", StubReplies::sentinel, config, backoff, client, json);
        register(Step.SRE, config.sreUrl(), "/sre/check", StubReplies::sre, config, backoff, client, json);
        register(Step.FINOPS, config.finopsUrl(), "/finops", StubReplies::finops, config, backoff, client, json);
    }

    public Agent agentFor(Step step) {
        return agents.get(step);
    }

    private void register(Step step, Optional<String> url, String path, UnaryOperator<ObjectNode> stub,
                          AgentsConfig config, ExponentialBackoff backoff, HttpClient client, ObjectMapper json) {
        Duration timeout = Duration.ofMillis(config.timeoutMs());
        agents.put(step, url.<Agent>map(u -> new HttpAgent(step.id(), u, path, timeout, config.maxAttempts(), backoff, client, json))
                .orElseGet(() -> new StubAgent(stub)));
    }
}
