package io.hypershift.orchestrator.run;

import java.util.List;

/** A validated request for a run: the intent as JSON text, and its labels. */
public record NewRun(String userIntentJson, String codename, List<String> tags, boolean requireApproval) {

    public NewRun {
        tags = List.copyOf(tags);
    }
}
