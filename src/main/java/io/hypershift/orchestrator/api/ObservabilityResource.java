package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.run.Run;
import io.hypershift.orchestrator.run.RunOutcomes;
import io.hypershift.orchestrator.workspace.CurrentWorkspace;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;

@Path("/observability")
@WorkspaceBound
public class ObservabilityResource {

    private static final int MAX_OUTCOMES = 1000;

    record Outcome(String runId, String status, Long durationMs, String failedStep, String completedAt) {

        static Outcome of(Run run) {
            return new Outcome(run.id, run.status.id(), run.durationMs, run.failedStep, Timestamps.iso(run.completedAt));
        }
    }

    record Outcomes(String workspaceId, List<Outcome> outcomes) {
    }

    record Slo(String workspaceId, int days, long totalRuns, long successCount, long failureCount, long blockedCount,
               double successRate, long avgDurationMs) {
    }

    private final RunOutcomes outcomes;
    private final CurrentWorkspace caller;

    ObservabilityResource(RunOutcomes outcomes, CurrentWorkspace caller) {
        this.outcomes = outcomes;
        this.caller = caller;
    }

    @GET
    @Path("/outcomes")
    public Outcomes outcomes() {
        return new Outcomes(caller.requireWorkspaceId(), outcomes.finished(MAX_OUTCOMES).stream().map(Outcome::of).toList());
    }

    @GET
    @Path("/slo")
    public Slo slo(@QueryParam("days") String days) {
        int window = Math.max(1, Math.min(30, QueryNumbers.parse("days", days, 7)));
        RunOutcomes.Slo slo = outcomes.slo(window);
        return new Slo(caller.requireWorkspaceId(), slo.days(), slo.totalRuns(), slo.successCount(), slo.failureCount(),
                slo.blockedCount(), slo.successRate(), slo.avgDurationMs());
    }
}
