package org.rmsconnector.cloud.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.rmsconnector.cloud.model.ContentRevocation;

/**
 * Revoked content ids ({@code content_revocation}). Nothing is cached here on purpose: the licensing decision reads
 * the row of a content id (a primary-key lookup) on every request, so a revocation written through one cloud node
 * is seen by every node at once.
 */
public final class ContentRevocations {

    private final TxRunner tx;

    ContentRevocations(TxRunner tx) {
        this.tx = tx;
    }

    /** The revocation of {@code contentId}, if it is revoked. */
    public Optional<ContentRevocation> find(String contentId) {
        if (contentId == null || contentId.isBlank()) {
            return Optional.empty();
        }
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content_id, revoked_by, revoked_at,"
                    + " allow_super_users FROM content_revocation WHERE content_id = ?")) {
                ps.setString(1, contentId.strip());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ContentRevocation(rs.getString(1), rs.getString(2),
                            Jdbc.getInstant(rs, "revoked_at"), rs.getBoolean(4)));
                }
            }
        });
    }

    /** Revokes a content id, or replaces its revocation (who, when, whether super users still get licenses). */
    public ContentRevocation revoke(ContentRevocation revocation) {
        return tx.required(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM content_revocation WHERE content_id = ?");
                    PreparedStatement ins = c.prepareStatement("INSERT INTO content_revocation (content_id,"
                            + " revoked_by, revoked_at, allow_super_users) VALUES (?, ?, ?, ?)")) {
                del.setString(1, revocation.contentId());
                del.executeUpdate();
                ins.setString(1, revocation.contentId());
                ins.setString(2, revocation.revokedBy());
                Jdbc.setInstant(ins, 3, revocation.revokedAt());
                ins.setBoolean(4, revocation.allowSuperUsers());
                ins.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("cannot revoke content " + revocation.contentId() + ": " + e.getMessage(), e);
            }
            return revocation;
        });
    }

    /** Licenses {@code contentId} again; whether it was revoked. */
    public boolean reinstate(String contentId) {
        return tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM content_revocation WHERE content_id = ?")) {
                ps.setString(1, contentId.strip());
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                throw new StoreException("cannot reinstate content " + contentId + ": " + e.getMessage(), e);
            }
        });
    }
}
