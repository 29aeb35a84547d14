package io.hypershift.orchestrator.queue;

/**
 * The Redis keys of the job queue; the list name is part of the HyperShift contract, and public so
 * the deployment manifests' autoscaler can be checked against it.
 */
public final class QueueKeys {

    /** Jobs waiting: producers push on the left, consumers take from the right. */
    public static final String QUEUE = "hypershift-runs";
    /** Jobs that were delivered too often or could not be read. */
    static final String DEAD = QUEUE + ":dead";
    /** Hash runId → deliveries of its current job. */
    static final String DELIVERIES = QUEUE + ":deliveries";
    static final String PROCESSING_PREFIX = QUEUE + ":processing:";

    private QueueKeys() {
    }

    /** The jobs one consumer has taken and not yet acknowledged. */
    static String processing(String consumerId) {
        return PROCESSING_PREFIX + consumerId;
    }

    /** Exists (with a TTL) while the consumer is alive. */
    static String heartbeat(String consumerId) {
        return QUEUE + ":heartbeat:" + consumerId;
    }

    static String lock(String name) {
        return QUEUE + ":lock:" + name;
    }

    static String consumerOf(String processingKey) {
        return processingKey.substring(PROCESSING_PREFIX.length());
    }
}
