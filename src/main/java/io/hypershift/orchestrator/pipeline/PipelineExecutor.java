package io.hypershift.orchestrator.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypershift.orchestrator.config.PipelineConfig;
import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.run.RunService;
import io.hypershift.orchestrator.run.RunSnapshot;
import io.hypershift.orchestrator.run.ExecutorIdentity;
import io.hypershift.orchestrator.run.LeaseLostException;
import io.hypershift.orchestrator.run.NoSuchRunException;
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
    private final ExecutorIdentity identity;

    PipelineExecutor(RunService runs, RunQueries queries, WorkspaceScope scope, AgentDirectory agents,
                     StepExchange exchange, PipelineConfig config, ExecutorIdentity identity) {
        this.runs = runs;
        this.queries = queries;
        this.scope = scope;
        this.agents = agents;
        this.exchange = exchange;
        this.config = config;
        this.identity = identity;
    }

    /**
     * Runs the pipeline of {@code runId} in the run's own workspace; returns when it is finished or
     * blocked, or at once when the run is not running.
     *
     * @throws io.hypershift.orchestrator.run.RunBusyException when another execution holds the run:
     *         the caller should deliver the job again later
     * @throws NoSuchRunException when the store has no such run: delivering the job again cannot help
     */
    public void executePipeline(String runId) {
        Optional<String> workspaceId = scope.callAsSystem(() -> queries.workspaceOf(runId));
        if (workspaceId.isEmpty()) {
            throw new NoSuchRunException(runId);
        }
        String execution = identity.newExecution();
        scope.run(workspaceId.get(), null, () -> runs.claim(runId, execution).ifPresentOrElse(
                run -> continueUnderLease(run, execution),
                () -> LOG.infof("pipeline skipped, run not claimable runId=%s workspaceId=%s", runId, workspaceId.get())));
    }

    private void continueUnderLease(RunSnapshot run, String execution) {
        try {
            continueFrom(run, execution);
        } catch (LeaseLostException e) {
            LOG.warnf("pipeline stopped, lease lost runId=%s workspaceId=%s", run.id(), run.workspaceId());
        } catch (RuntimeException e) {
            releaseQuietly(run.id(), execution);
            throw e;
        }
    }

    private void releaseQuietly(String runId, String execution) {
        try {
            runs.releaseLease(runId, execution);
        } catch (RuntimeException e) {
            LOG.warnf("lease not released, it expires by itself runId=%s: %s", runId, e.getMessage());
        }
    }

    private void continueFrom(RunSnapshot run, String executor) {
        boolean first = true;
        for (Step step : Step.values()) {
            if (!run.isFinished(step)) {
                if (waitsForApproval(step, run)) {
                    runs.awaitApproval(run.id(), executor);
                    return;
                }
                pauseBetweenSteps(first);
                first = false;
                if (run.currentStep() != step.number()) {
                    run = runs.beginStep(run.id(), executor, step);
                }
                Optional<RunSnapshot> next = execute(step, run, executor);
                if (next.isEmpty()) {
                    return;
                }
                run = next.get();
            }
            if (step == Step.SENTINEL && exchange.isVetoed(run)) {
                runs.blockBySentinel(run.id(), executor);
                return;
            }
        }
        runs.complete(run.id(), executor);
    }

    /**
     * Calls the step's agent and checkpoints its output; empty when the run ended with this step
     * (the step failed it, or it was the last one and completed it).
     */
    private Optional<RunSnapshot> execute(Step step, RunSnapshot run, String executor) {
        StepExchange.Outcome outcome;
        try {
            JsonNode reply = agents.agentFor(step).call(exchange.request(step, run), run.id() + ":" + step.id());
            outcome = exchange.outcome(step, reply);
        } catch (AgentCallException e) {
            runs.fail(run.id(), executor, step, e.getMessage());
            return Optional.empty();
        }
        Optional<Step> following = step.following();
        if (following.isEmpty()) {
            runs.completeWithLastStep(run.id(), executor, step, outcome.outputJson(), outcome.deploymentUrl());
            return Optional.empty();
        }
        Step next = outcome.vetoed() || waitsForApproval(following.get(), run) ? null : following.get();
        return Optional.of(runs.completeStep(run.id(), executor, step, outcome.outputJson(), outcome.deploymentUrl(), next));
    }

    private static boolean waitsForApproval(Step step, RunSnapshot run) {
        return step == Step.SRE && run.requireApproval() && !run.approved();
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
