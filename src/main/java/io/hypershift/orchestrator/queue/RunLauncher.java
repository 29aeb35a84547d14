package io.hypershift.orchestrator.queue;

import io.hypershift.orchestrator.error.ServiceUnavailableException;
import io.hypershift.orchestrator.run.RunService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Start, approve and replay: the state change is committed first, then the job is queued; if the
 * queue refuses it, the change is undone so the client can simply try again.
 */
@ApplicationScoped
public class RunLauncher {

    private final RunService runs;
    private final JobQueue queue;

    RunLauncher(RunService runs, JobQueue queue) {
        this.runs = runs;
        this.queue = queue;
    }

    public void start(String runId) {
        runs.markStarted(runId);
        try {
            queue.enqueue(runId);
        } catch (ServiceUnavailableException e) {
            runs.revertStart(runId, e.getMessage());
            throw e;
        }
    }

    public void approve(String runId) {
        runs.approve(runId);
        try {
            queue.enqueue(runId);
        } catch (ServiceUnavailableException e) {
            runs.revertApproval(runId, e.getMessage());
            throw e;
        }
    }

    /** The copy is created and started in one transaction; if it cannot be queued it stays pending, startable. */
    public String replay(String runId) {
        String replayId = runs.replay(runId);
        try {
            queue.enqueue(replayId);
        } catch (ServiceUnavailableException e) {
            runs.revertStart(replayId, e.getMessage());
            throw e;
        }
        return replayId;
    }
}
