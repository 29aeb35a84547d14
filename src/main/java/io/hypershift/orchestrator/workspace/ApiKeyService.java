package io.hypershift.orchestrator.workspace;

import io.hypershift.orchestrator.error.NotFoundException;
import io.hypershift.orchestrator.store.RandomIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Issues, lists, revokes and checks API keys of the form {@code hs_<8 hex>_<24 hex>}. */
@ApplicationScoped
public class ApiKeyService {

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    private static final Pattern KEY_FORMAT = Pattern.compile("hs_[0-9a-f]{8}_[0-9a-f]{24}");

    /** A key just issued: the only moment its secret part is known. */
    private final SessionFactory sessionFactory;

    ApiKeyService(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public record IssuedKey(ApiKey key, String plainKey) {
    }

    @Transactional
    public IssuedKey issue(String workspaceId, String name) {
        requireWorkspace(workspaceId);
        String prefix = "hs_" + RandomIds.hex(4);
        String plainKey = prefix + "_" + RandomIds.hex(12);
        ApiKey key = new ApiKey();
        key.id = "key-" + RandomIds.hex(6);
        key.workspaceId = workspaceId;
        key.name = name == null || name.isBlank() ? "default" : name.strip();
        key.keyPrefix = prefix;
        key.keyHash = sha256(plainKey);
        key.createdAt = System.currentTimeMillis();
        key.persist();
        LOG.infof("api key issued workspaceId=%s keyId=%s prefix=%s", workspaceId, key.id, prefix);
        return new IssuedKey(key, plainKey);
    }

    public List<ApiKey> list(String workspaceId) {
        requireWorkspace(workspaceId);
        return ApiKey.listOfWorkspace(workspaceId);
    }

    @Transactional
    public void revoke(String workspaceId, String keyId) {
        requireWorkspace(workspaceId);
        long deleted = ApiKey.delete("id = ?1 and workspaceId = ?2", keyId, workspaceId);
        if (deleted == 0) {
            throw new NotFoundException("API key not found");
        }
        LOG.infof("api key revoked workspaceId=%s keyId=%s", workspaceId, keyId);
    }

    /** The workspace of a presented key, if it is a live key; the hash comparison takes constant time. */
    public Optional<String> workspaceOf(String plainKey) {
        if (plainKey == null || !KEY_FORMAT.matcher(plainKey).matches()) {
            return Optional.empty();
        }
        byte[] presented = sha256(plainKey).getBytes(StandardCharsets.US_ASCII);
        return findByPrefixBeforeTenantIsKnown(plainKey.substring(0, 11))
                .filter(key -> MessageDigest.isEqual(presented, key.keyHash.getBytes(StandardCharsets.US_ASCII)))
                .map(key -> key.workspaceId);
    }

    /**
     * The request's own session would fix its tenant when it opens, before the key has told us the
     * workspace; a short session of its own keeps that decision for later.
     */
    private Optional<ApiKey> findByPrefixBeforeTenantIsKnown(String prefix) {
        // The Object overload: the String one is deprecated for removal in Hibernate 7.
        Object noWorkspace = WorkspaceTenantResolver.NO_WORKSPACE;
        try (Session session = sessionFactory.withOptions().tenantIdentifier(noWorkspace).openSession()) {
            return session.createSelectionQuery("from ApiKey where keyPrefix = :prefix", ApiKey.class)
                    .setParameter("prefix", prefix)
                    .uniqueResultOptional();
        }
    }

    private static void requireWorkspace(String workspaceId) {
        if (Workspace.findById(workspaceId) == null) {
            throw NotFoundException.workspace();
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
