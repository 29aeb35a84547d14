package io.hypershift.orchestrator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.orchestrator.config.WebhookConfig;
import io.hypershift.orchestrator.store.RandomIds;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The webhook outbox table: events are recorded in the transaction of the state change they
 * report, so they commit or roll back with it and survive a restart; {@link WebhookDispatcher}
 * leases and delivers them afterwards. Every write to {@code webhook_outbox} is here.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** Undelivered, not given up, due, not leased, and no earlier event of its run still waiting. */
    private static final String DUE_HEADS = "from WebhookEvent e"
            + " where e.deliveredAt is null and e.failedAt is null and e.nextAttemptAt <= :now"
            + " and (e.leaseUntil is null or e.leaseUntil < :now)"
            + " and not exists (select 1 from WebhookEvent earlier where earlier.runId = e.runId and earlier.id < e.id"
            + " and earlier.deliveredAt is null and earlier.failedAt is null)"
            + " order by e.id";

    private static final int MAX_ERROR_LENGTH = 500;

    // The contract's time format, ISO-8601 UTC with milliseconds even when they are zero.
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final WebhookConfig config;
    private final ObjectMapper json;

    WebhookOutbox(WebhookConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /**
     * Records {@code event} for delivery; nothing when no webhook URL is configured. Only inside the
     * caller's transaction, so the event exists exactly when the change that caused it does.
     */
    @Transactional(TxType.MANDATORY)
    public void record(String event, String runId, String workspaceId, Map<String, Object> payload) {
        if (config.url().isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        WebhookEvent row = new WebhookEvent();
        row.deliveryId = "dlv-" + RandomIds.hex(12);
        row.workspaceId = workspaceId;
        row.runId = runId;
        row.event = event;
        row.body = body(event, payload, now);
        row.createdAt = now;
        row.nextAttemptAt = now;
        row.persist();
    }

    /** Events still to be delivered (neither delivered nor given up). Callable from any thread. */
    @ActivateRequestContext
    public long pendingCount() {
        return WebhookEvent.count("deliveredAt is null and failedAt is null");
    }

    /** Events given up after their last attempt. Callable from any thread. */
    @ActivateRequestContext
    public long failedCount() {
        return WebhookEvent.count("failedAt is not null");
    }

    // ---- used by the dispatcher -------------------------------------------------------------

    /** A lock-free read, so idle dispatchers do not take SQLite's write lock every tick. */
    boolean anyDue(long now) {
        return WebhookEvent.find(DUE_HEADS, Parameters.with("now", now)).firstResultOptional().isPresent();
    }

    /**
     * Leases up to {@code limit} due events, at most one per run, to {@code dispatcherId} until
     * {@code leaseUntil}. The write transaction holds SQLite's write lock from its start, so two
     * dispatchers, in this process or another, never lease the same event.
     */
    @Transactional
    List<Delivery> claimDue(String dispatcherId, long now, long leaseUntil, int limit) {
        List<WebhookEvent> due = WebhookEvent.<WebhookEvent>find(DUE_HEADS, Parameters.with("now", now))
                .page(0, limit).list();
        for (WebhookEvent event : due) {
            event.claimedBy = dispatcherId;
            event.leaseUntil = leaseUntil;
        }
        return due.stream().map(Delivery::of).toList();
    }

    @Transactional
    void markDelivered(Delivery delivery, long at) {
        WebhookEvent.update("deliveredAt = ?1, attempts = ?2, lastError = null, claimedBy = null, leaseUntil = null"
                + " where id = ?3 and deliveredAt is null", at, delivery.attempts() + 1, delivery.id());
    }

    @Transactional
    void scheduleRetry(Delivery delivery, String dispatcherId, String error, long retryAt) {
        WebhookEvent.update("attempts = ?1, lastError = ?2, nextAttemptAt = ?3, claimedBy = null, leaseUntil = null"
                        + " where id = ?4 and claimedBy = ?5 and deliveredAt is null",
                delivery.attempts() + 1, truncate(error), retryAt, delivery.id(), dispatcherId);
    }

    @Transactional
    void markGivenUp(Delivery delivery, String dispatcherId, String error, long at) {
        WebhookEvent.update("attempts = ?1, lastError = ?2, failedAt = ?3, claimedBy = null, leaseUntil = null"
                        + " where id = ?4 and claimedBy = ?5 and deliveredAt is null",
                delivery.attempts() + 1, truncate(error), at, delivery.id(), dispatcherId);
    }

    /** Deletes delivered events older than {@code retention}; given-up events stay for operators to see. */
    @Transactional
    long pruneDeliveredOlderThan(Duration retention) {
        return WebhookEvent.delete("deliveredAt <= ?1", System.currentTimeMillis() - retention.toMillis());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String body(String event, Map<String, Object> payload, long now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        // Sorted, so the same payload always gives the same bytes.
        body.put("payload", new TreeMap<>(payload));
        body.put("ts", ISO_MILLIS.format(Instant.ofEpochMilli(now)));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("webhook payload is not serializable", e);
        }
    }

    private static String truncate(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }
}
