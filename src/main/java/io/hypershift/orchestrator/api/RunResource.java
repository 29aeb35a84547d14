package io.hypershift.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypershift.orchestrator.api.RunViews.Feedback;
import io.hypershift.orchestrator.api.RunViews.Logs;
import io.hypershift.orchestrator.api.RunViews.LogEntry;
import io.hypershift.orchestrator.api.RunViews.Message;
import io.hypershift.orchestrator.api.RunViews.RollbackRecorded;
import io.hypershift.orchestrator.api.RunViews.RunCreated;
import io.hypershift.orchestrator.api.RunViews.RunList;
import io.hypershift.orchestrator.api.RunViews.RunRecord;
import io.hypershift.orchestrator.api.RunViews.RunSummary;
import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.queue.RunLauncher;
import io.hypershift.orchestrator.run.RunQueries;
import io.hypershift.orchestrator.run.RunService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.Optional;

@Path("/runs")
@WorkspaceBound
public class RunResource {

    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final RunService runs;
    private final RunQueries queries;
    private final RunLauncher launcher;
    private final RunRequestParser parser;

    RunResource(RunService runs, RunQueries queries, RunLauncher launcher, RunRequestParser parser) {
        this.runs = runs;
        this.queries = queries;
        this.launcher = launcher;
        this.parser = parser;
    }

    @POST
    @ResponseStatus(201)
    public RunCreated create(JsonNode body) {
        return new RunCreated(runs.create(parser.parse(body)));
    }

    @GET
    public RunList list(@QueryParam("tag") String tag, @QueryParam("limit") String limit,
                        @QueryParam("cursor") String cursor) {
        int pageSize = QueryNumbers.parse("limit", limit, DEFAULT_PAGE);
        if (pageSize < 1) {
            throw new BadRequestException("Query parameter limit must be at least 1");
        }
        RunQueries.Page page = queries.list(Optional.ofNullable(tag).filter(t -> !t.isEmpty()),
                Math.min(pageSize, MAX_PAGE), Optional.ofNullable(cursor).filter(c -> !c.isEmpty()));
        return new RunList(page.runs().stream().map(RunSummary::of).toList(), page.nextCursor());
    }

    @GET
    @Path("/{id}")
    public RunRecord get(@PathParam("id") String id) {
        return RunRecord.of(queries.get(id));
    }

    @POST
    @Path("/{id}/start")
    @ResponseStatus(202)
    public Message start(@PathParam("id") String id) {
        launcher.start(id);
        return Message.of("Run started");
    }

    @POST
    @Path("/{id}/approve")
    public Message approve(@PathParam("id") String id) {
        launcher.approve(id);
        return new Message("Approved", id);
    }

    @POST
    @Path("/{id}/reject")
    public Message reject(@PathParam("id") String id) {
        runs.reject(id);
        return new Message("Rejected", id);
    }

    @POST
    @Path("/{id}/replay")
    @ResponseStatus(201)
    public RunCreated replay(@PathParam("id") String id) {
        return new RunCreated(launcher.replay(id));
    }

    @POST
    @Path("/{id}/rollback")
    public RollbackRecorded rollback(@PathParam("id") String id) {
        runs.recordRollback(id);
        return new RollbackRecorded("Rollback recorded", id, true);
    }

    @POST
    @Path("/{id}/feedback")
    public Message feedback(@PathParam("id") String id, Feedback feedback) {
        if (feedback == null || (feedback.useful() == null && feedback.deploySucceeded() == null)) {
            throw new BadRequestException("Give useful and/or deploy_succeeded as booleans");
        }
        runs.recordFeedback(id, feedback.useful(), feedback.deploySucceeded());
        return new Message("Feedback recorded", id);
    }

    @GET
    @Path("/{id}/logs")
    public Logs logs(@PathParam("id") String id) {
        return new Logs(id, queries.logs(id).stream().map(LogEntry::of).toList());
    }
}
