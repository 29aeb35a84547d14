package io.hypershift.orchestrator.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One outbound webhook event in the outbox, from its recording to its delivery (or giving up).
 * <p>
 * Deliberately not filtered by workspace ({@code @TenantId}): the outbox is system infrastructure
 * and the dispatcher sends the events of every workspace. Each row still names its workspace.
 * The order of a run's events is their {@code id} order: ids are assigned by SQLite's single
 * writer, so they follow the commit order of the state changes that recorded them.
 */
@Entity
@Table(name = "webhook_outbox")
public class WebhookEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Sent as {@code X-HyperShift-Delivery}, the same on every retry, so receivers can de-duplicate. */
    @Column(name = "delivery_id")
    public String deliveryId;

    @Column(name = "workspace_id")
    public String workspaceId;

    @Column(name = "run_id")
    public String runId;

    public String event;

    /** The exact JSON text that is POSTed and signed. */
    public String body;

    @Column(name = "created_at")
    public long createdAt;

    public int attempts;

    @Column(name = "next_attempt_at")
    public long nextAttemptAt;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "lease_until")
    public Long leaseUntil;

    @Column(name = "delivered_at")
    public Long deliveredAt;

    /** When the event was given up after its last attempt. */
    @Column(name = "failed_at")
    public Long failedAt;

    @Column(name = "last_error")
    public String lastError;
}
