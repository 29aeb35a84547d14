package io.hypershift.orchestrator.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body announced larger than {@code quarkus.http.limits.max-body-size} with a JSON 413
 * before it is read; the HTTP layer's own refusal would carry no body.
 */
@ApplicationScoped
public class OversizedBodyGuard {

    private static final String TOO_LARGE = "{\"error\":\"Request body too large\"}";

    private final long maxBodyBytes;

    OversizedBodyGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(TOO_LARGE);
            } else {
                context.next();
            }
        });
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
