package io.hypershift.orchestrator.run;

/** A job names a run this store does not have: it can never succeed here (often a worker on the wrong store). */
public class NoSuchRunException extends RuntimeException {

    public NoSuchRunException(String runId) {
        super("run " + runId + " is not in this store", null, false, false);
    }
}
