package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.run.RunAllowance;
import io.hypershift.orchestrator.workspace.CurrentWorkspace;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Path("/usage")
@WorkspaceBound
public class UsageResource {

    private final RunAllowance allowance;
    private final CurrentWorkspace caller;

    UsageResource(RunAllowance allowance, CurrentWorkspace caller) {
        this.allowance = allowance;
        this.caller = caller;
    }

    @GET
    public RunAllowance.Usage usage() {
        return allowance.current(caller.requireWorkspaceId());
    }
}
