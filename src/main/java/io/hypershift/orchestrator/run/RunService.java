package io.hypershift.orchestrator.run;

import com.fasterxml.jackson.databind.util.RawValue;
import io.hypershift.orchestrator.config.PipelineConfig;
import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.error.NotFoundException;
import io.hypershift.orchestrator.store.RandomIds;
import io.hypershift.orchestrator.webhook.WebhookOutbox;
import io.hypershift.orchestrator.workspace.CurrentWorkspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every state change of a run happens here, each in one transaction with the audit entry that
 * records it and the webhook event that reports it, if any. Runs are looked up through the
 * workspace filter, so a run of another workspace is {@link NotFoundException} here exactly like
 * a run that does not exist.
 * <p>
 * Write transactions are serialized by SQLite's write lock (taken when they begin), so a
 * read-check-write below cannot interleave with another writer, in this process or another;
 * {@code @Version} on {@link Run} turns any change made outside that discipline into an error
 * rather than a lost update.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);

    private final CurrentWorkspace caller;
    private final RunAllowance allowance;
    private final AuditLog audit;
    private final WebhookOutbox webhooks;
    private final PipelineConfig pipeline;

    RunService(CurrentWorkspace caller, RunAllowance allowance, AuditLog audit, WebhookOutbox webhooks,
               PipelineConfig pipeline) {
        this.caller = caller;
        this.allowance = allowance;
        this.audit = audit;
        this.webhooks = webhooks;
        this.pipeline = pipeline;
    }

    // ---- changes requested by clients -------------------------------------------------------

    @Transactional
    public String create(NewRun request) {
        Run run = insert(request, null);
        LOG.infof("run created runId=%s workspaceId=%s", run.id, run.workspaceId);
        return run.id;
    }

    /** pending → running; the caller then hands the run to the job queue. */
    @Transactional
    public void markStarted(String runId) {
        Run run = require(runId);
        if (run.status != RunStatus.PENDING) {
            throw new BadRequestException("Run is not pending (status " + run.status.id() + ")");
        }
        start(run);
    }

    /** Undoes {@link #markStarted} when the job could not be queued, so the run stays startable. */
    @Transactional
    public void revertStart(String runId, String reason) {
        Run run = require(runId);
        if (run.status == RunStatus.RUNNING && run.currentStep == 0) {
            run.status = RunStatus.PENDING;
            run.startedAt = null;
            touch(run);
            audit.append(run, "run.start_failed", caller.actor(), Map.of("error", reason));
        }
    }

    /** A copy of the run (same intent, codename, tags, approval), counted against the limit and started. */
    @Transactional
    public String replay(String runId) {
        Run source = require(runId);
        Run copy = insert(new NewRun(source.userIntent, source.codename, source.tags, source.requireApproval), source.id);
        start(copy);
        LOG.infof("run replayed runId=%s replayOf=%s workspaceId=%s", copy.id, source.id, copy.workspaceId);
        return copy.id;
    }

    /** blocked at the approval gate → running, resuming at the SRE step. */
    @Transactional
    public void approve(String runId) {
        Run run = requireAwaitingApproval(runId);
        run.awaitingApproval = false;
        run.status = RunStatus.RUNNING;
        run.approvedAt = System.currentTimeMillis();
        run.approvedBy = caller.actor();
        run.currentStep = Step.SRE.number();
        touch(run);
        audit.append(run, "run.approved", caller.actor(), null);
        LOG.infof("run approved runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    /** Undoes {@link #approve} when the job could not be queued, so approval can be asked again. */
    @Transactional
    public void revertApproval(String runId, String reason) {
        Run run = require(runId);
        if (run.status == RunStatus.RUNNING && run.approvedAt != null && run.sreOutput == null) {
            run.status = RunStatus.BLOCKED;
            run.awaitingApproval = true;
            run.approvedAt = null;
            run.approvedBy = null;
            run.currentStep = Step.SENTINEL.number();
            touch(run);
            audit.append(run, "run.approve_failed", caller.actor(), Map.of("error", reason));
        }
    }

    @Transactional
    public void reject(String runId) {
        Run run = requireAwaitingApproval(runId);
        long now = System.currentTimeMillis();
        run.awaitingApproval = false;
        run.rejectedAt = now;
        run.rejectedBy = caller.actor();
        run.failedStep = "approval";
        finish(run, RunStatus.BLOCKED);
        audit.append(run, "run.rejected", caller.actor(), null);
        webhooks.record("run.completed", run.id, run.workspaceId, outcome(run));
        LOG.infof("run rejected runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    @Transactional
    public void recordRollback(String runId) {
        Run run = require(runId);
        Map<String, Object> details = new HashMap<>();
        details.put("deployment_url", run.deploymentUrl);
        audit.append(run, "rollback.executed", caller.actor(), details);
        LOG.infof("rollback recorded runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    @Transactional
    public void recordFeedback(String runId, Boolean useful, Boolean deploySucceeded) {
        Run run = require(runId);
        if (useful != null) {
            run.feedbackUseful = useful;
        }
        if (deploySucceeded != null) {
            run.feedbackDeploySucceeded = deploySucceeded;
        }
        run.feedbackAt = System.currentTimeMillis();
        touch(run);
    }

    // ---- changes made by the pipeline -------------------------------------------------------
    // Every one of them requires the caller's execution lease and renews it: an execution that
    // lost its lease (it stalled and another took over) gets LeaseLostException and changes nothing.

    /**
     * Takes the execution lease on a running run that no live execution holds. Of two executions
     * racing for one run exactly one gets it; the other gets {@link RunBusyException} and must do
     * nothing. Empty when the run is not running (nothing to execute).
     *
     * @throws RunBusyException when another execution holds a live lease on the run
     */
    @Transactional
    public Optional<RunSnapshot> claim(String runId, String executor) {
        Optional<Run> found = find(runId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Run run = found.get();
        long now = System.currentTimeMillis();
        if (run.status != RunStatus.RUNNING) {
            return Optional.empty();
        }
        if (run.leaseOwner != null && run.leaseExpiresAt != null && run.leaseExpiresAt > now) {
            throw new RunBusyException(runId);
        }
        run.executions++;
        if (run.executions > pipeline.maxExecutions()) {
            failAt(run, Step.byNumber(run.currentStep).orElse(Step.ARCHITECT),
                    "gave up after " + pipeline.maxExecutions() + " interrupted executions");
            return Optional.empty();
        }
        run.leaseOwner = executor;
        run.leaseExpiresAt = now + pipeline.lease().toMillis();
        if (run.currentStep == 0) {
            run.currentStep = Step.ARCHITECT.number();
        }
        touch(run);
        return Optional.of(RunSnapshot.of(run));
    }

    /** Extends every lease held by executions of one process; one statement for all its runs. */
    @Transactional
    public int renewLeases(String processPrefix) {
        return Run.update("leaseExpiresAt = ?1 where leaseOwner like ?2 and status = ?3",
                System.currentTimeMillis() + pipeline.lease().toMillis(), processPrefix + "-%", RunStatus.RUNNING);
    }

    /**
     * Gives the lease back after an execution failed unexpectedly, so a retry need not wait for it
     * to expire; the run stays {@code running} at its last checkpoint.
     */
    @Transactional
    public void releaseLease(String runId, String executor) {
        find(runId).filter(run -> executor.equals(run.leaseOwner)).ifPresent(RunService::release);
    }

    /**
     * Makes {@code step} the run's current step. Only needed when an execution resumes a run whose
     * current step is not yet its next step: {@link #claim} and {@link #completeStep} set it otherwise.
     */
    @Transactional
    public RunSnapshot beginStep(String runId, String executor, Step step) {
        Run run = requireLease(runId, executor);
        run.currentStep = step.number();
        touch(run);
        return RunSnapshot.of(run);
    }

    /**
     * Checkpoints a finished step: its output is committed before the next step starts. The step
     * the execution goes on to becomes the current step in the same transaction, so a step costs
     * one transaction, not two.
     *
     * @param next the step that begins now, or null when the execution stops after this one
     *             (sentinel veto, approval gate)
     */
    @Transactional
    public RunSnapshot completeStep(String runId, String executor, Step step, String outputJson, String deploymentUrl,
                                    Step next) {
        Run run = requireLease(runId, executor);
        checkpoint(run, step, outputJson, deploymentUrl);
        if (next != null) {
            run.currentStep = next.number();
        }
        return RunSnapshot.of(run);
    }

    /** Checkpoints the last step and completes the run, in one transaction. */
    @Transactional
    public void completeWithLastStep(String runId, String executor, Step step, String outputJson, String deploymentUrl) {
        Run run = requireLease(runId, executor);
        checkpoint(run, step, outputJson, deploymentUrl);
        completeRun(run);
    }

    @Transactional
    public void blockBySentinel(String runId, String executor) {
        Run run = requireLease(runId, executor);
        run.failedStep = Step.SENTINEL.id();
        finish(run, RunStatus.BLOCKED);
        audit.append(run, "run.blocked", null, Map.of("reason", "sentinel_veto"));
        webhooks.record("run.completed", run.id, run.workspaceId, outcome(run));
        LOG.infof("run blocked by sentinel runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    @Transactional
    public void awaitApproval(String runId, String executor) {
        Run run = requireLease(runId, executor);
        run.status = RunStatus.BLOCKED;
        run.awaitingApproval = true;
        release(run);
        touch(run);
        audit.append(run, "run.awaiting_approval", null, null);
        LOG.infof("run awaiting approval runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    @Transactional
    public void fail(String runId, String executor, Step step, String error) {
        failAt(requireLease(runId, executor), step, error);
    }

    /** Completes a run whose steps are all checkpointed (an execution resumed after its last one). */
    @Transactional
    public void complete(String runId, String executor) {
        completeRun(requireLease(runId, executor));
    }

    private void checkpoint(Run run, Step step, String outputJson, String deploymentUrl) {
        step.recordOutput(run, outputJson);
        if (deploymentUrl != null && run.deploymentUrl == null) {
            run.deploymentUrl = deploymentUrl;
        }
        touch(run);
        audit.append(run, "step.completed", null, Map.of("step", step.id(), "output", new RawValue(outputJson)));
        LOG.infof("step completed runId=%s workspaceId=%s step=%s", run.id, run.workspaceId, step.id());
    }

    private void completeRun(Run run) {
        run.currentStep = Step.DONE;
        finish(run, RunStatus.COMPLETED);
        Map<String, Object> details = new HashMap<>();
        details.put("deployment_url", run.deploymentUrl);
        details.put("duration_ms", run.durationMs);
        audit.append(run, "run.completed", null, details);
        webhooks.record("run.completed", run.id, run.workspaceId, outcome(run));
        if (run.deploymentUrl != null) {
            audit.append(run, "deploy.succeeded", null, Map.of("deployment_url", run.deploymentUrl));
            webhooks.record("deploy.succeeded", run.id, run.workspaceId,
                    Map.of("run_id", run.id, "deployment_url", run.deploymentUrl));
        }
        LOG.infof("run completed runId=%s workspaceId=%s durationMs=%d", run.id, run.workspaceId, run.durationMs);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Run insert(NewRun request, String replayOf) {
        String workspaceId = caller.requireWorkspaceId();
        allowance.take(workspaceId);
        long now = System.currentTimeMillis();
        Run run = new Run();
        run.id = "req-" + RandomIds.hex(10);
        run.workspaceId = workspaceId;
        run.status = RunStatus.PENDING;
        run.userIntent = request.userIntentJson();
        run.codename = request.codename();
        run.tags.addAll(request.tags());
        run.requireApproval = request.requireApproval();
        run.replayOf = replayOf;
        run.createdAt = now;
        run.updatedAt = now;
        run.persist();
        audit.append(run, "run.created", caller.actor(), null);
        webhooks.record("run.created", run.id, run.workspaceId,
                Map.of("run_id", run.id, "workspace_id", run.workspaceId, "user_intent", new RawValue(run.userIntent)));
        return run;
    }

    private void start(Run run) {
        run.status = RunStatus.RUNNING;
        run.startedAt = System.currentTimeMillis();
        touch(run);
        audit.append(run, "run.started", caller.actor(), null);
        webhooks.record("run.started", run.id, run.workspaceId, Map.of("run_id", run.id, "workspace_id", run.workspaceId));
        LOG.infof("run started runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    /** The {@code run.completed} payload of a run in its final state; nullable fields stay, as null. */
    private static Map<String, Object> outcome(Run run) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("run_id", run.id);
        payload.put("workspace_id", run.workspaceId);
        payload.put("status", run.status.id());
        payload.put("deployment_url", run.deploymentUrl);
        payload.put("duration_ms", run.durationMs);
        if (run.status != RunStatus.COMPLETED) {
            payload.put("error", run.error);
            payload.put("failed_step", run.failedStep);
        }
        return payload;
    }

    private void failAt(Run run, Step step, String error) {
        run.error = error;
        run.failedStep = step.id();
        finish(run, RunStatus.FAILED);
        audit.append(run, "run.failed", null, Map.of("error", error, "failed_step", step.id()));
        webhooks.record("run.completed", run.id, run.workspaceId, outcome(run));
        LOG.infof("run failed runId=%s workspaceId=%s step=%s error=%s", run.id, run.workspaceId, step.id(), error);
    }

    /** Ends the run in a final status: completion time, duration, and no execution holds it any more. */
    private static void finish(Run run, RunStatus status) {
        long now = System.currentTimeMillis();
        run.status = status;
        run.completedAt = now;
        run.durationMs = now - (run.startedAt == null ? run.createdAt : run.startedAt);
        run.updatedAt = now;
        release(run);
    }

    private static void release(Run run) {
        run.leaseOwner = null;
        run.leaseExpiresAt = null;
    }

    private Run requireLease(String runId, String executor) {
        Run run = find(runId).orElseThrow(() -> new LeaseLostException(runId));
        if (run.status != RunStatus.RUNNING || !executor.equals(run.leaseOwner)) {
            throw new LeaseLostException(runId);
        }
        run.leaseExpiresAt = System.currentTimeMillis() + pipeline.lease().toMillis();
        return run;
    }

    private static void touch(Run run) {
        run.updatedAt = System.currentTimeMillis();
    }

    private Run requireAwaitingApproval(String runId) {
        Run run = require(runId);
        if (run.status != RunStatus.BLOCKED || !run.awaitingApproval) {
            throw new BadRequestException("Run is not awaiting approval");
        }
        return run;
    }

    private static Run require(String runId) {
        return find(runId).orElseThrow(NotFoundException::run);
    }

    /**
     * By primary key: Hibernate's loader applies the workspace filter to it like to any query
     * ({@code WorkspaceIsolationTest}), and builds it without translating a query each time.
     */
    static Optional<Run> find(String runId) {
        return Optional.ofNullable(Run.findById(runId));
    }

    // ---- changes made by the job queue ------------------------------------------------------

    /**
     * Fails a run whose job the queue gave up on (delivered too often without finishing), at the
     * step it was attempting (architect if none had begun). Does nothing to a run that is no longer
     * running; returns whether it failed it.
     */
    @Transactional
    public boolean failUndeliverable(String runId, String error) {
        Run run = require(runId);
        if (run.status != RunStatus.RUNNING) {
            return false;
        }
        failAt(run, Step.byNumber(run.currentStep).orElse(Step.ARCHITECT), error);
        return true;
    }
}
