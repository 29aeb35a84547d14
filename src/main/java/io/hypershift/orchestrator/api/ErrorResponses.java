package io.hypershift.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hypershift.orchestrator.error.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Every failure becomes {@code {"error": ...}} with a fitting status; never an HTML page or a stack trace. */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.putAll(e.extra());
        return json(e.status(), body);
    }

    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return error(500, "Internal error");
        }
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatch) {
            return wrongJsonType(mismatch);
        }
        if (cause instanceof JsonProcessingException json) {
            return invalidJson(json);
        }
        return error(status, Response.Status.fromStatusCode(status) == null
                ? "Request failed" : Response.Status.fromStatusCode(status).getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        return error(400, "Malformed JSON body");
    }

    /** Declared apart so it takes precedence over the JSON extension's own mapper, which sends no body. */
    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        if (e.getPath().isEmpty()) {
            return error(400, "Malformed JSON body");
        }
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return error(400, "Invalid value for " + field);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isStoreBusy(e)) {
            LOG.warn("store busy, request refused", e);
            return error(503, "The store is busy; try again");
        }
        LOG.error("request failed", e);
        return error(500, "Internal error");
    }

    private static boolean isStoreBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null && sql.getMessage().contains("SQLITE_BUSY")) {
                return true;
            }
        }
        return false;
    }

    private static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
