package io.hypershift.orchestrator.pipeline;

/** An agent gave no usable reply; the message is what the run records as its error. */
public class AgentCallException extends RuntimeException {

    public AgentCallException(String message) {
        super(message);
    }

    public AgentCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
