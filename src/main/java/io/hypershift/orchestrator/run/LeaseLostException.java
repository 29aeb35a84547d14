package io.hypershift.orchestrator.run;

/** This execution no longer holds the run: another one took it over, or the run left {@code running}. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String runId) {
        super("execution lease on run " + runId + " lost", null, false, false);
    }
}
