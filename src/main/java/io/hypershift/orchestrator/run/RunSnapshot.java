package io.hypershift.orchestrator.run;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** What the pipeline needs to know of a run, copied out of a transaction so no entity outlives it. */
public record RunSnapshot(String id, String workspaceId, RunStatus status, int currentStep,
                          boolean awaitingApproval, boolean requireApproval, boolean approved,
                          String userIntent, String deploymentUrl, Map<Step, String> outputs) {

    static RunSnapshot of(Run run) {
        Map<Step, String> outputs = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            String output = step.outputOf(run);
            if (output != null) {
                outputs.put(step, output);
            }
        }
        return new RunSnapshot(run.id, run.workspaceId, run.status, run.currentStep, run.awaitingApproval,
                run.requireApproval, run.approvedAt != null, run.userIntent, run.deploymentUrl, Map.copyOf(outputs));
    }

    public Optional<String> output(Step step) {
        return Optional.ofNullable(outputs.get(step));
    }

    public boolean isFinished(Step step) {
        return outputs.containsKey(step);
    }
}
