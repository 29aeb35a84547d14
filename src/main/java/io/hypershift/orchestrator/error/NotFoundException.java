package io.hypershift.orchestrator.error;

public class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(404, message);
    }

    public static NotFoundException run() {
        return new NotFoundException("Run not found");
    }

    public static NotFoundException workspace() {
        return new NotFoundException("Workspace not found");
    }
}
