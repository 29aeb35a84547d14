package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypershift.orchestrator.config.PipelineConfig;
import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.run.RunService;
import io.hypershift.orchestrator.run.RunSnapshot;
import io.hypershift.orchestrator.run.RunStatus;
import io.hypershift.orchestrator.run.Step;
import io.hypershift.orchestrator.workspace.WorkspaceScope;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Executes the pipeline of one run: architect → builder → sentinel → (approval) → sre → finops.
 * Each finished step is committed with its output before the next begins, and a call for a run
 * that is part-way through continues at its first unfinished step, so a second execution after
 * a crash or a redelivery never calls an agent again for a finished step.
 */
@ApplicationScoped
public class PipelineExecutor {

    private static final Logger LOG = Logger.getLogger(PipelineExecutor.class);

    private final RunService runs;
    private final RunQueries queries;
    private final WorkspaceScope scope;
    private final AgentDirectory agents;
    private final StepExchange exchange;
    private final PipelineConfig config;

    PipelineExecutor(RunService runs, RunQueries queries, WorkspaceScope scope, AgentDirectory agents,
                     StepExchange exchange, PipelineConfig config) {
        this.runs = runs;
        this.queries = queries;
        this.scope = scope;
        this.agents = agents;
        this.exchange = exchange;
        this.config = config;
    }

    /** Runs the pipeline of {@code runId} in the run's own workspace; returns when it is finished or blocked. */
    public void executePipeline(String runId) {
        Optional<String> workspaceId = scope.callAsSystem(() -> queries.workspaceOf(runId));
        if (workspaceId.isEmpty()) {
            LOG.warnf("pipeline skipped, no such run runId=%s", runId);
            return;
        }
        scope.run(workspaceId.get(), null, () -> runs.snapshot(runId).ifPresent(this::continueFrom));
    }

    private void continueFrom(RunSnapshot run) {
        if (run.status() != RunStatus.RUNNING) {
            LOG.infof("pipeline skipped, run is %s runId=%s workspaceId=%s", run.status().id(), run.id(), run.workspaceId());
            return;
        }
        boolean first = true;
        for (Step step : Step.values()) {
            if (!run.isFinished(step)) {
                if (step == Step.SRE && run.requireApproval() && !run.approved()) {
                    runs.awaitApproval(run.id());
                    return;
                }
                pauseBetweenSteps(first);
                first = false;
                Optional<RunSnapshot> next = execute(step, runs.beginStep(run.id(), step));
                if (next.isEmpty()) {
                    return;
                }
                run = next.get();
            }
            if (step == Step.SENTINEL && exchange.isVetoed(run)) {
                runs.blockBySentinel(run.id());
                return;
            }
        }
        runs.complete(run.id());
    }

    /** Calls the step's agent and checkpoints its output; empty when the step failed the run. */
    private Optional<RunSnapshot> execute(Step step, RunSnapshot run) {
        StepExchange.Outcome outcome;
        try {
            JsonNode reply = agents.agentFor(step).call(exchange.request(step, run), run.id() + ":" + step.id());
            outcome = exchange.outcome(step, reply);
        } catch (AgentCallException e) {
            runs.fail(run.id(), step, e.getMessage());
            return Optional.empty();
        }
        return Optional.of(runs.completeStep(run.id(), step, outcome.outputJson(), outcome.deploymentUrl()));
    }

    private void pauseBetweenSteps(boolean first) {
        if (first || config.stepDelayMs() <= 0) {
            return;
        }
        try {
            Thread.sleep(config.stepDelayMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pipeline interrupted", e);
        }
    }
}
