package io.hypershift.orchestrator.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

import java.util.Optional;

/** How many runs a workspace created in one calendar month (UTC). */
@Entity
@Table(name = "monthly_usage")
public class MonthlyUsage extends PanacheEntityBase {

    /** {@code <workspace id>/<period>}: one row per workspace and month. */
    @Id
    public String id;

    @TenantId
    @Column(name = "workspace_id")
    public String workspaceId;

    /** The month, named by its first day: {@code YYYY-MM-01}. */
    public String period;

    public long runs;

    static Optional<MonthlyUsage> of(String workspaceId, String period) {
        return Optional.ofNullable(findById(idOf(workspaceId, period)));
    }

    static String idOf(String workspaceId, String period) {
        return workspaceId + "/" + period;
    }
}
