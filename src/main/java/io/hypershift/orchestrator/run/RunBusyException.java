package io.hypershift.orchestrator.run;

/**
 * Another execution holds the run's lease: this one must not proceed now, but the run is not done,
 * so whoever delivered the job should try again later (the holder may have died; its lease then expires).
 */
public class RunBusyException extends RuntimeException {

    public RunBusyException(String runId) {
        super("run " + runId + " is being executed elsewhere; retry after its lease expires", null, false, false);
    }
}
