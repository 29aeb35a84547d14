package io.hypershift.orchestrator.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.TenantId;

import java.util.ArrayList;
import java.util.List;

/**
 * One execution of the agent pipeline for a user intent. Filtered by workspace through
 * {@link TenantId}: a run of another workspace is invisible, exactly as if it did not exist.
 * State changes go through {@link RunService}; JSON documents are kept as their text.
 */
@Entity
@Table(name = "runs")
// A step changes a few columns; without this every update rewrites all of them, JSON outputs included.
@DynamicUpdate
public class Run extends PanacheEntityBase {

    @Id
    public String id;

    @TenantId
    @Column(name = "workspace_id")
    public String workspaceId;

    @Version
    public long version;

    public RunStatus status;

    @Column(name = "current_step")
    public int currentStep;

    /** Blocked at the approval gate, waiting for approve or reject. */
    @Column(name = "awaiting_approval")
    public boolean awaitingApproval;

    public String error;

    @Column(name = "failed_step")
    public String failedStep;

    @Column(name = "user_intent")
    public String userIntent;

    public String codename;

    @ElementCollection
    @CollectionTable(name = "run_tags", joinColumns = @JoinColumn(name = "run_id"))
    @OrderColumn(name = "position")
    @Column(name = "tag")
    public List<String> tags = new ArrayList<>();

    @Column(name = "require_approval")
    public boolean requireApproval;

    @Column(name = "architect_output")
    public String architectOutput;

    @Column(name = "builder_output")
    public String builderOutput;

    @Column(name = "sentinel_output")
    public String sentinelOutput;

    @Column(name = "sre_output")
    public String sreOutput;

    @Column(name = "finops_output")
    public String finopsOutput;

    @Column(name = "deployment_url")
    public String deploymentUrl;

    @Column(name = "approved_at")
    public Long approvedAt;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "rejected_at")
    public Long rejectedAt;

    @Column(name = "rejected_by")
    public String rejectedBy;

    @Column(name = "feedback_useful")
    public Boolean feedbackUseful;

    @Column(name = "feedback_deploy_succeeded")
    public Boolean feedbackDeploySucceeded;

    @Column(name = "feedback_at")
    public Long feedbackAt;

    @Column(name = "replay_of")
    public String replayOf;

    @Column(name = "created_at")
    public long createdAt;

    @Column(name = "updated_at")
    public long updatedAt;

    @Column(name = "started_at")
    public Long startedAt;

    @Column(name = "completed_at")
    public Long completedAt;

    @Column(name = "duration_ms")
    public Long durationMs;

    /** The pipeline executor holding this run, see {@link RunService#claim}. */
    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Long leaseExpiresAt;

    /** How many executions have claimed the run. */
    public int executions;
}
