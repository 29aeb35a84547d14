package io.hypershift.orchestrator.error;

/** A dependency (queue, store) could not take the request now; the client may retry. */
public class ServiceUnavailableException extends ApiException {

    public ServiceUnavailableException(String message) {
        super(503, message);
    }
}
