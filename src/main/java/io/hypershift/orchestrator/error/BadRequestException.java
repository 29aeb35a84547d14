package io.hypershift.orchestrator.error;

import java.util.Map;

/** Invalid input, or an action the resource's current state does not allow. */
public class BadRequestException extends ApiException {

    private final Map<String, Object> details;

    public BadRequestException(String message) {
        this(message, null);
    }

    public BadRequestException(String message, Map<String, Object> details) {
        super(400, message);
        this.details = details;
    }

    @Override
    public Map<String, Object> extra() {
        return details == null ? Map.of() : Map.of("details", details);
    }
}
