package io.hypershift.orchestrator.workspace;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;

/**
 * An API key of a workspace. Only the SHA-256 of the key is stored; the visible prefix
 * ({@code hs_<8 hex>}) finds the row, the hash proves the rest.
 * Not tenant-filtered: it is how the tenant of a request is found.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "workspace_id")
    public String workspaceId;

    public String name;

    @Column(name = "key_prefix")
    public String keyPrefix;

    @Column(name = "key_hash")
    public String keyHash;

    @Column(name = "created_at")
    public long createdAt;

    public static List<ApiKey> listOfWorkspace(String workspaceId) {
        return list("workspaceId = ?1 order by createdAt, id", workspaceId);
    }
}
