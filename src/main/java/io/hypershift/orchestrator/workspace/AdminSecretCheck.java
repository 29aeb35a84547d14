package io.hypershift.orchestrator.workspace;

import io.hypershift.orchestrator.config.WorkspaceConfig;
import io.hypershift.orchestrator.error.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Guards tier changes and API-key management with {@code WORKSPACE_TIER_UPDATE_SECRET}, when it is set. */
@ApplicationScoped
public class AdminSecretCheck {

    private final WorkspaceConfig config;

    AdminSecretCheck(WorkspaceConfig config) {
        this.config = config;
    }

    public void require(String presentedSecret) {
        config.tierUpdateSecret().ifPresent(secret -> {
            byte[] presented = presentedSecret == null ? new byte[0] : presentedSecret.getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), presented)) {
                throw new UnauthorizedException("Missing or invalid X-Webhook-Secret");
            }
        });
    }
}
