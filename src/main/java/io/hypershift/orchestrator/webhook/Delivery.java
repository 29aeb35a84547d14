package io.hypershift.orchestrator.webhook;

/** A leased outbox event as the dispatcher sends it, copied out of the transaction that leased it. */
record Delivery(long id, String deliveryId, String event, String runId, String workspaceId, String body,
                int attempts) {

    static Delivery of(WebhookEvent event) {
        return new Delivery(event.id, event.deliveryId, event.event, event.runId, event.workspaceId, event.body,
                event.attempts);
    }
}
