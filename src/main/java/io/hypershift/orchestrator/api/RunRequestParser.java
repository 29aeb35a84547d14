package io.hypershift.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypershift.orchestrator.error.BadRequestException;
import io.hypershift.orchestrator.run.NewRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code POST /runs}: {@code {"user_intent": {...}, codename?, tags?, require_approval?}}, or a
 * bare intent object. Every problem found is reported at once under {@code details}.
 */
@ApplicationScoped
class RunRequestParser {

    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_LABEL = 200;
    static final int MAX_TAGS = 50;

    private final ObjectMapper json;

    RunRequestParser(ObjectMapper json) {
        this.json = json;
    }

    NewRun parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid(Map.of("body", "must be a JSON object"));
        }
        JsonNode intent = body.has("user_intent") ? body.get("user_intent") : body;
        Map<String, Object> problems = new LinkedHashMap<>();
        ObjectNode normalizedIntent = intent(intent, problems);
        String codename = optionalText(body, "codename", problems);
        List<String> tags = tags(body.get("tags"), problems);
        boolean requireApproval = optionalBoolean(body, "require_approval", problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new NewRun(normalizedIntent.toString(), codename, tags, requireApproval);
    }

    /** A bare intent object, validated and normalized. */
    ObjectNode intentOf(JsonNode intent) {
        Map<String, Object> problems = new LinkedHashMap<>();
        ObjectNode normalized = intent(intent, problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return normalized;
    }

    private ObjectNode intent(JsonNode intent, Map<String, Object> problems) {
        ObjectNode normalized = json.createObjectNode();
        if (intent == null || !intent.isObject()) {
            problems.put("user_intent", "must be an object with a description");
            return normalized;
        }
        JsonNode description = intent.get("description");
        if (description == null || !description.isTextual() || description.asText().isBlank()) {
            problems.put("description", "is required and must be a non-blank string");
        } else if (description.asText().length() > MAX_DESCRIPTION) {
            problems.put("description", "must be at most " + MAX_DESCRIPTION + " characters");
        } else {
            normalized.put("description", description.asText());
        }
        JsonNode target = intent.get("target");
        if (target != null && !target.isNull()) {
            if (!target.isTextual() || target.asText().length() > MAX_LABEL) {
                problems.put("target", "must be a string of at most " + MAX_LABEL + " characters");
            } else {
                normalized.set("target", target);
            }
        }
        JsonNode constraints = intent.get("constraints");
        if (constraints != null && !constraints.isNull()) {
            normalized.set("constraints", constraints);
        }
        return normalized;
    }

    private static String optionalText(JsonNode body, String field, Map<String, Object> problems) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > MAX_LABEL) {
            problems.put(field, "must be a string of at most " + MAX_LABEL + " characters");
            return null;
        }
        return value.asText();
    }

    private static boolean optionalBoolean(JsonNode body, String field, Map<String, Object> problems) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.put(field, "must be a boolean");
            return false;
        }
        return value.asBoolean();
    }

    private static List<String> tags(JsonNode value, Map<String, Object> problems) {
        List<String> tags = new ArrayList<>();
        if (value == null || value.isNull()) {
            return tags;
        }
        if (!value.isArray() || value.size() > MAX_TAGS) {
            problems.put("tags", "must be an array of at most " + MAX_TAGS + " strings");
            return tags;
        }
        for (JsonNode tag : value) {
            if (!tag.isTextual() || tag.asText().isBlank() || tag.asText().length() > MAX_LABEL) {
                problems.put("tags", "must contain non-blank strings of at most " + MAX_LABEL + " characters");
                return tags;
            }
            tags.add(tag.asText());
        }
        return tags;
    }

    private static BadRequestException invalid(Map<String, Object> details) {
        return new BadRequestException("Invalid user_intent", details);
    }
}
