package io.hypershift.orchestrator.run;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How finished runs of the bound workspace turned out. */
@ApplicationScoped
public class RunOutcomes {

    private static final List<RunStatus> FINISHED = List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.BLOCKED);

    /** Success figures over the runs finished in a window of days. */
    public record Slo(int days, long totalRuns, long successCount, long failureCount, long blockedCount,
                      double successRate, long avgDurationMs) {
    }

    /** Finished runs, most recently finished first. */
    public List<Run> finished(int limit) {
        return Run.<Run>find("status in ?1 and completedAt is not null order by completedAt desc, id desc", FINISHED)
                .range(0, limit - 1).list();
    }

    public Slo slo(int days) {
        long since = System.currentTimeMillis() - Duration.ofDays(days).toMillis();
        List<Object[]> byStatus = Run.getEntityManager().createQuery(
                        "select r.status, count(r), coalesce(sum(r.durationMs), 0), count(r.durationMs) from Run r"
                                + " where r.status in :finished and r.completedAt >= :since group by r.status", Object[].class)
                .setParameter("finished", FINISHED)
                .setParameter("since", since)
                .getResultList();
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        long durationSum = 0;
        long durationCount = 0;
        for (Object[] row : byStatus) {
            counts.put((RunStatus) row[0], ((Number) row[1]).longValue());
            durationSum += ((Number) row[2]).longValue();
            durationCount += ((Number) row[3]).longValue();
        }
        long success = counts.getOrDefault(RunStatus.COMPLETED, 0L);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new Slo(days, total, success, counts.getOrDefault(RunStatus.FAILED, 0L),
                counts.getOrDefault(RunStatus.BLOCKED, 0L),
                total == 0 ? 0 : (double) success / total,
                durationCount == 0 ? 0 : Math.round((double) durationSum / durationCount));
    }
}
