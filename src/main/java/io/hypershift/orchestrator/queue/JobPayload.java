package io.hypershift.orchestrator.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The data of a job on the Redis list: {@code {"runId": "<run id>"}}. Built as a tree so the
 * key stays {@code runId} whatever naming strategy the application's JSON mapper uses.
 */
@ApplicationScoped
public class JobPayload {

    private final ObjectMapper json;

    JobPayload(ObjectMapper json) {
        this.json = json;
    }

    public String of(String runId) {
        return json.createObjectNode().put("runId", runId).toString();
    }

    /** The run id of a job, or empty when the job is not of this form. */
    public Optional<String> runIdOf(String payload) {
        try {
            JsonNode runId = json.readTree(payload).path("runId");
            return runId.isTextual() && !runId.textValue().isBlank() ? Optional.of(runId.textValue()) : Optional.empty();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
