package io.hypershift.orchestrator.workspace;

import io.hypershift.orchestrator.error.NotFoundException;
import io.hypershift.orchestrator.store.RandomIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.Optional;

@ApplicationScoped
public class WorkspaceService {

    private static final Logger LOG = Logger.getLogger(WorkspaceService.class);

    @Transactional
    public Workspace create(String name) {
        String id = "ws-" + RandomIds.hex(6);
        return insert(id, name == null || name.isBlank() ? id : name.strip());
    }

    public Workspace get(String id) {
        return find(id).orElseThrow(NotFoundException::workspace);
    }

    public Optional<Workspace> find(String id) {
        return Workspace.findByIdOptional(id);
    }

    @Transactional
    public Workspace updateTier(String id, Tier tier) {
        Workspace workspace = Workspace.<Workspace>findByIdOptional(id).orElseThrow(NotFoundException::workspace);
        workspace.tier = tier.id();
        LOG.infof("workspace tier changed workspaceId=%s tier=%s", id, tier.id());
        return workspace;
    }

    /**
     * Creates a workspace named by a client on its first use, as existing clients expect. The check
     * reads without a transaction, so the common case takes no write lock.
     */
    public void ensureExists(String id) {
        if (Workspace.findById(id) == null) {
            QuarkusTransaction.joiningExisting().run(() -> {
                if (Workspace.findById(id) == null) {
                    insert(id, id);
                }
            });
        }
    }

    private static Workspace insert(String id, String name) {
        Workspace workspace = new Workspace();
        workspace.id = id;
        workspace.name = name;
        workspace.tier = Tier.FREE.id();
        workspace.createdAt = System.currentTimeMillis();
        workspace.persist();
        LOG.infof("workspace created workspaceId=%s", id);
        return workspace;
    }
}
