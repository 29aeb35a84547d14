package io.hypershift.orchestrator.run;

import com.fasterxml.jackson.databind.util.RawValue;
import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.error.NotFoundException;
import io.hypershift.orchestrator.store.RandomIds;
import io.hypershift.orchestrator.workspace.CurrentWorkspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every state change of a run happens here, each in one transaction with the audit entry that
 * records it. Runs are looked up through the workspace filter, so a run of another workspace is
 * {@link NotFoundException} here exactly like a run that does not exist.
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

    RunService(CurrentWorkspace caller, RunAllowance allowance, AuditLog audit) {
        this.caller = caller;
        this.allowance = allowance;
        this.audit = audit;
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
        finish(run, now);
        audit.append(run, "run.rejected", caller.actor(), null);
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

    /** The run as the pipeline sees it now, if it is in this workspace. */
    public Optional<RunSnapshot> snapshot(String runId) {
        return find(runId).map(RunSnapshot::of);
    }

    @Transactional
    public RunSnapshot beginStep(String runId, Step step) {
        Run run = require(runId);
        if (run.currentStep != step.number()) {
            run.currentStep = step.number();
            touch(run);
        }
        return RunSnapshot.of(run);
    }

    /** Checkpoints a finished step: its output is committed before the next step starts. */
    @Transactional
    public RunSnapshot completeStep(String runId, Step step, String outputJson, String deploymentUrl) {
        Run run = require(runId);
        step.recordOutput(run, outputJson);
        if (deploymentUrl != null && run.deploymentUrl == null) {
            run.deploymentUrl = deploymentUrl;
        }
        touch(run);
        audit.append(run, "step.completed", null, Map.of("step", step.id(), "output", new RawValue(outputJson)));
        LOG.infof("step completed runId=%s workspaceId=%s step=%s", run.id, run.workspaceId, step.id());
        return RunSnapshot.of(run);
    }

    @Transactional
    public void blockBySentinel(String runId) {
        Run run = require(runId);
        run.failedStep = Step.SENTINEL.id();
        finish(run, System.currentTimeMillis());
        run.status = RunStatus.BLOCKED;
        audit.append(run, "run.blocked", null, Map.of("reason", "sentinel_veto"));
        LOG.infof("run blocked by sentinel runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    @Transactional
    public void awaitApproval(String runId) {
        Run run = require(runId);
        run.status = RunStatus.BLOCKED;
        run.awaitingApproval = true;
        touch(run);
        audit.append(run, "run.awaiting_approval", null, null);
        LOG.infof("run awaiting approval runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    @Transactional
    public void fail(String runId, Step step, String error) {
        Run run = require(runId);
        run.error = error;
        run.failedStep = step.id();
        finish(run, System.currentTimeMillis());
        run.status = RunStatus.FAILED;
        audit.append(run, "run.failed", null, Map.of("error", error, "failed_step", step.id()));
        LOG.infof("run failed runId=%s workspaceId=%s step=%s error=%s", run.id, run.workspaceId, step.id(), error);
    }

    @Transactional
    public void complete(String runId) {
        Run run = require(runId);
        run.currentStep = Step.DONE;
        finish(run, System.currentTimeMillis());
        run.status = RunStatus.COMPLETED;
        Map<String, Object> details = new HashMap<>();
        details.put("deployment_url", run.deploymentUrl);
        details.put("duration_ms", run.durationMs);
        audit.append(run, "run.completed", null, details);
        if (run.deploymentUrl != null) {
            audit.append(run, "deploy.succeeded", null, Map.of("deployment_url", run.deploymentUrl));
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
        return run;
    }

    private void start(Run run) {
        run.status = RunStatus.RUNNING;
        run.startedAt = System.currentTimeMillis();
        touch(run);
        audit.append(run, "run.started", caller.actor(), null);
        LOG.infof("run started runId=%s workspaceId=%s", run.id, run.workspaceId);
    }

    private static void finish(Run run, long now) {
        run.completedAt = now;
        run.durationMs = now - (run.startedAt == null ? run.createdAt : run.startedAt);
        run.updatedAt = now;
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

    /** Through a query, which the workspace filter always applies to. */
    static Optional<Run> find(String runId) {
        return Run.<Run>find("id", runId).firstResultOptional();
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
        String step = Step.byNumber(Math.max(run.currentStep, Step.ARCHITECT.number())).map(Step::id).orElse(null);
        run.error = error;
        run.failedStep = step;
        finish(run, System.currentTimeMillis());
        run.status = RunStatus.FAILED;
        Map<String, Object> details = new HashMap<>();
        details.put("error", error);
        details.put("failed_step", step);
        audit.append(run, "run.failed", null, details);
        LOG.infof("run failed, job undeliverable runId=%s workspaceId=%s step=%s", run.id, run.workspaceId, step);
        return true;
    }
}
