package io.hypershift.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.hypershift.orchestrator.run.AuditEvent;
import io.hypershift.orchestrator.run.Run;

import java.util.List;

/** The JSON shapes of runs and their logs (snake_case on the wire). */
final class RunViews {

    private RunViews() {
    }

    record RunRecord(String id, String workspaceId, String status, int currentStep, String error, String failedStep,
                     @JsonRawValue String userIntent,
                     @JsonRawValue String architectOutput, @JsonRawValue String builderOutput,
                     @JsonRawValue String sentinelOutput, @JsonRawValue String sreOutput,
                     @JsonRawValue String finopsOutput,
                     String createdAt, String updatedAt, String startedAt, String completedAt, Long durationMs,
                     String deploymentUrl, String codename, List<String> tags, boolean requireApproval,
                     boolean awaitingApproval, String approvedAt, String approvedBy, String rejectedAt,
                     String rejectedBy, Boolean feedbackUseful, Boolean feedbackDeploySucceeded, String feedbackAt,
                     String replayOf) {

        static RunRecord of(Run run) {
            return new RunRecord(run.id, run.workspaceId, run.status.id(), run.currentStep, run.error, run.failedStep,
                    run.userIntent, run.architectOutput, run.builderOutput, run.sentinelOutput, run.sreOutput,
                    run.finopsOutput, Timestamps.iso(run.createdAt), Timestamps.iso(run.updatedAt),
                    Timestamps.iso(run.startedAt), Timestamps.iso(run.completedAt), run.durationMs,
                    run.deploymentUrl, run.codename, List.copyOf(run.tags), run.requireApproval,
                    run.awaitingApproval, Timestamps.iso(run.approvedAt), run.approvedBy,
                    Timestamps.iso(run.rejectedAt), run.rejectedBy, run.feedbackUseful, run.feedbackDeploySucceeded,
                    Timestamps.iso(run.feedbackAt), run.replayOf);
        }
    }

    record RunSummary(String id, String status, String createdAt, String codename, List<String> tags) {

        static RunSummary of(Run run) {
            return new RunSummary(run.id, run.status.id(), Timestamps.iso(run.createdAt), run.codename, List.copyOf(run.tags));
        }
    }

    record RunList(List<RunSummary> runs, String nextCursor) {
    }

    record RunCreated(String runId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(String message, String runId) {

        static Message of(String message) {
            return new Message(message, null);
        }
    }

    record RollbackRecorded(String message, String runId, boolean auditRecorded) {
    }

    record LogEntry(long id, String runId, String createdAt, String action, String actor, @JsonRawValue String details) {

        static LogEntry of(AuditEvent event) {
            return new LogEntry(event.id, event.runId, Timestamps.iso(event.createdAt), event.action, event.actor, event.details);
        }
    }

    record Logs(String runId, List<LogEntry> logs) {
    }

    record Feedback(Boolean useful, Boolean deploySucceeded) {
    }
}
