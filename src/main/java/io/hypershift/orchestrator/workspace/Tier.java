package io.hypershift.orchestrator.workspace;

import java.util.Arrays;
import java.util.Optional;

/** A workspace's plan and its monthly run allowance. */
public enum Tier {
    FREE("free", 10),
    PRO("pro", 1000);

    private final String id;
    private final long monthlyRunLimit;

    Tier(String id, long monthlyRunLimit) {
        this.id = id;
        this.monthlyRunLimit = monthlyRunLimit;
    }

    public String id() {
        return id;
    }

    public long monthlyRunLimit() {
        return monthlyRunLimit;
    }

    public static Optional<Tier> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
