package io.hypershift.orchestrator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Appends audit entries; always called inside the transaction of the change it records. */
@ApplicationScoped
public class AuditLog {

    private final ObjectMapper json;

    AuditLog(ObjectMapper json) {
        this.json = json;
    }

    void append(Run run, String action, String actor, Map<String, ?> details) {
        AuditEvent event = new AuditEvent();
        event.workspaceId = run.workspaceId;
        event.runId = run.id;
        event.action = action;
        event.actor = actor;
        event.details = details == null ? null : toJson(details);
        event.createdAt = System.currentTimeMillis();
        event.persist();
    }

    private String toJson(Map<String, ?> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not serializable", e);
        }
    }
}
