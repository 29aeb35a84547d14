package io.hypershift.orchestrator.run;

import io.hypershift.orchestrator.error.RunLimitReachedException;
import io.hypershift.orchestrator.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** The monthly run limit of the bound workspace: what is used, and taking one more. */
@ApplicationScoped
public class RunAllowance {

    /** Usage of one workspace in the current period. */
    public record Usage(String workspaceId, String period, long runs, long limit, String tier) {
    }

    private final Clock clock = Clock.systemUTC();

    public Usage current(String workspaceId) {
        Workspace workspace = Workspace.findById(workspaceId);
        String period = currentPeriod();
        long runs = MonthlyUsage.of(workspaceId, period).map(u -> u.runs).orElse(0L);
        return new Usage(workspaceId, period, runs, workspace.tier().monthlyRunLimit(), workspace.tier().id());
    }

    /** Counts one run against this month's limit; must run in the transaction that creates the run. */
    void take(String workspaceId) {
        Workspace workspace = Workspace.findById(workspaceId);
        long limit = workspace.tier().monthlyRunLimit();
        String period = currentPeriod();
        MonthlyUsage usage = MonthlyUsage.of(workspaceId, period)
                .orElseGet(() -> newPeriod(workspaceId, period));
        if (usage.runs >= limit) {
            throw new RunLimitReachedException(usage.runs, limit, period);
        }
        usage.runs++;
    }

    private static MonthlyUsage newPeriod(String workspaceId, String period) {
        MonthlyUsage usage = new MonthlyUsage();
        usage.id = MonthlyUsage.idOf(workspaceId, period);
        usage.workspaceId = workspaceId;
        usage.period = period;
        usage.persist();
        return usage;
    }

    private String currentPeriod() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC)).atDay(1).toString();
    }
}
