package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.config.RoleConfig;
import io.hypershift.orchestrator.config.RoleConfig.Role;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A worker serves only health and metrics ({@code /q/...}) over HTTP. The role is chosen at run
 * time by the profile, so the runs API cannot be left out of the build; instead a first route
 * answers every other path with a JSON 404 before the REST layer sees it.
 */
@ApplicationScoped
public class WorkerRoleRoutes {

    private static final String NOT_FOUND = "{\"error\":\"Not Found\"}";

    void install(@Observes Router router, RoleConfig role) {
        if (role.role() == Role.WORKER) {
            router.route().order(Integer.MIN_VALUE).handler(WorkerRoleRoutes::onlyManagementPaths);
        }
    }

    private static void onlyManagementPaths(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.equals("/q") || path.startsWith("/q/")) {
            context.next();
            return;
        }
        context.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(NOT_FOUND);
    }
}
