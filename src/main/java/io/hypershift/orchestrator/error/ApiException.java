package io.hypershift.orchestrator.error;

import java.util.Map;

/**
 * A failure a client caused or must know about; mapped to {@code {"error": message, ...extra}} with its status.
 * The subclasses are the whole vocabulary of client-visible failures.
 */
public abstract class ApiException extends RuntimeException {

    private final int status;

    protected ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Fields returned beside {@code error}. */
    public Map<String, Object> extra() {
        return Map.of();
    }
}
