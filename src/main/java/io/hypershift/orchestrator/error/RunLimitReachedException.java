package io.hypershift.orchestrator.error;

import java.util.Map;

public class RunLimitReachedException extends ApiException {

    private final long current;
    private final long limit;
    private final String period;

    public RunLimitReachedException(long current, long limit, String period) {
        super(402, "Monthly run limit reached");
        this.current = current;
        this.limit = limit;
        this.period = period;
    }

    @Override
    public Map<String, Object> extra() {
        return Map.of("current", current, "limit", limit, "period", period);
    }
}
