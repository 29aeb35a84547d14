package io.hypershift.orchestrator.workspace;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.RequestScoped;

/**
 * The one place workspace isolation is enforced: Hibernate adds {@code workspace_id = <tenant>}
 * to every query of an entity with {@code @TenantId} and sets it on every insert.
 * Without a bound workspace the tenant is {@link #NO_WORKSPACE}, which matches no row and,
 * through the foreign key to {@code workspaces}, can insert none.
 */
@PersistenceUnitExtension
@RequestScoped
public class WorkspaceTenantResolver implements TenantResolver {

    static final String NO_WORKSPACE = "(no workspace)";
    static final String SYSTEM = "(system)";

    private final CurrentWorkspace current;

    WorkspaceTenantResolver(CurrentWorkspace current) {
        this.current = current;
    }

    @Override
    public String getDefaultTenantId() {
        return NO_WORKSPACE;
    }

    @Override
    public String resolveTenantId() {
        if (current.isSystem()) {
            return SYSTEM;
        }
        return current.workspaceId().orElse(NO_WORKSPACE);
    }

    @Override
    public boolean isRoot(String tenantId) {
        return SYSTEM.equals(tenantId);
    }
}
