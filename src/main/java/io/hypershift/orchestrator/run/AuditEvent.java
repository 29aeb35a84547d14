package io.hypershift.orchestrator.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

import java.util.List;

/** One entry of a run's append-only audit log (the store rejects updates and deletes). */
@Entity
@Immutable
@Table(name = "audit_events")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @TenantId
    @Column(name = "workspace_id")
    public String workspaceId;

    @Column(name = "run_id")
    public String runId;

    public String action;

    public String actor;

    /** JSON text, or null. */
    public String details;

    @Column(name = "created_at")
    public long createdAt;

    public static List<AuditEvent> ofRun(String runId) {
        return list("runId = ?1 order by id", runId);
    }
}
