package io.hypershift.orchestrator.queue;

/** Where started runs wait for a process to execute their pipeline. */
public interface JobQueue {

    /**
     * Hands a run to the pipeline. Returns once the job is safely queued, never after executing it.
     *
     * @throws io.hypershift.orchestrator.error.ServiceUnavailableException when the job could not be queued
     */
    void enqueue(String runId);
}
