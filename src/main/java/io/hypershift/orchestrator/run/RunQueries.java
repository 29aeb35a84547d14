package io.hypershift.orchestrator.run;

import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.error.NotFoundException;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reads of runs and their audit logs, all through the workspace filter. */
@ApplicationScoped
public class RunQueries {

    /** One page of runs, newest first, and where the next page starts (null on the last page). */
    public record Page(List<Run> runs, String nextCursor) {
    }

    /** Position after a run in newest-first order; opaque to clients. */
    private record Cursor(long createdAt, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return new Cursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new BadRequestException("Invalid cursor");
            }
        }
    }

    public Run get(String runId) {
        return RunService.find(runId).orElseThrow(NotFoundException::run);
    }

    public Page list(Optional<String> tag, int limit, Optional<String> cursor) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        tag.ifPresent(t -> {
            where.append(" and :tag member of tags");
            parameters.and("tag", t);
        });
        cursor.map(Cursor::decode).ifPresent(c -> {
            where.append(" and (createdAt < :cursorAt or (createdAt = :cursorAt and id < :cursorId))");
            parameters.and("cursorAt", c.createdAt()).and("cursorId", c.id());
        });
        // range() bounds are inclusive: one run more than the page tells whether another page follows.
        List<Run> fetched = Run.<Run>find(where + " order by createdAt desc, id desc", parameters)
                .range(0, limit).list();
        if (fetched.size() <= limit) {
            return new Page(fetched, null);
        }
        List<Run> page = fetched.subList(0, limit);
        Run last = page.get(limit - 1);
        return new Page(page, new Cursor(last.createdAt, last.id).encode());
    }

    public List<AuditEvent> logs(String runId) {
        get(runId);
        return AuditEvent.ofRun(runId);
    }

    /** The workspace of a run; only meaningful in a system scope, which sees every workspace. */
    public Optional<String> workspaceOf(String runId) {
        return RunService.find(runId).map(run -> run.workspaceId);
    }

    /**
     * Runs handed to the pipeline that no live execution holds: never claimed, or whose executor
     * stopped renewing its lease (it crashed or was stopped). Only meaningful in a system scope.
     */
    public List<String> orphanedRunIds() {
        return Run.getEntityManager().createQuery("select r.id from Run r where r.status = :status"
                        + " and (r.leaseOwner is null or r.leaseExpiresAt < :now) order by r.updatedAt", String.class)
                .setParameter("status", RunStatus.RUNNING)
                .setParameter("now", System.currentTimeMillis())
                .getResultList();
    }

    /**
     * Running runs (not waiting for approval) unchanged since {@code updatedBefore}, epoch millis,
     * that no live execution holds.
     */
    public List<String> runningRunIdsUnchangedSince(long updatedBefore) {
        return Run.getEntityManager()
                .createQuery("select r.id from Run r where r.status = :status and r.updatedAt < :before"
                        + " and (r.leaseOwner is null or r.leaseExpiresAt < :now)", String.class)
                .setParameter("status", RunStatus.RUNNING)
                .setParameter("before", updatedBefore)
                .setParameter("now", System.currentTimeMillis())
                .getResultList();
    }
}
