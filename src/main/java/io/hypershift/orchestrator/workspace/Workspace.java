package io.hypershift.orchestrator.workspace;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The tenant itself: every run, usage counter, audit entry and API key belongs to one. */
@Entity
@Table(name = "workspaces")
public class Workspace extends PanacheEntityBase {

    public static final String DEFAULT_ID = "ws-default";

    @Id
    public String id;

    public String name;

    /** The {@link Tier#id()} of the workspace. */
    public String tier;

    @Column(name = "created_at")
    public long createdAt;

    public Tier tier() {
        return Tier.fromId(tier).orElse(Tier.FREE);
    }
}
