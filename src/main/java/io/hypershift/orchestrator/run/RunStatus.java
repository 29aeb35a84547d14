package io.hypershift.orchestrator.run;

import java.util.Locale;

public enum RunStatus {
    PENDING, RUNNING, COMPLETED, FAILED, BLOCKED;

    /** The lowercase name used on the wire and in the store. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
