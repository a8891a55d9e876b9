package org.rmsconnector.cloud.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * The channel sessions connectors opened, at any node (docs/protocol.md §3.x.1), so that a session opened through
 * one node is honoured by all. What is stored is the connector's own signed session assertion, whose key is wrapped
 * for the tenant key: never the session key itself. Expired sessions are deleted when a new one is saved; removing a
 * connector removes its sessions (foreign key).
 */
public final class ChannelSessionStore {

    /**
     * A stored session.
     *
     * @param id          the session id the service gave out
     * @param connectorId who opened it
     * @param assertion   the connector's signed session assertion (the key wrapped for the tenant key)
     * @param expiresAt   when it ends
     */
    public record StoredSession(String id, String connectorId, String assertion, Instant expiresAt) {
    }

    private final TxRunner tx;

    ChannelSessionStore(TxRunner tx) {
        this.tx = tx;
    }

    /** Saves a session just opened, and deletes those expired at {@code now}. */
    public void save(StoredSession session, Instant now) {
        tx.required(c -> {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM channel_session WHERE expires_at <= ?");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO channel_session (id, connector_id, assertion,"
                         + " expires_at) VALUES (?, ?, ?, ?)")) {
                Jdbc.setInstant(purge, 1, now);
                purge.executeUpdate();
                ps.setString(1, session.id());
                ps.setString(2, session.connectorId());
                ps.setString(3, session.assertion());
                Jdbc.setInstant(ps, 4, session.expiresAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The session with that id, unless it has expired at {@code now}. */
    public Optional<StoredSession> find(String id, Instant now) {
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, connector_id, assertion, expires_at"
                    + " FROM channel_session WHERE id = ? AND expires_at > ?")) {
                ps.setString(1, id);
                Jdbc.setInstant(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredSession(rs.getString(1), rs.getString(2),
                            rs.getString(3), Jdbc.getInstant(rs, "expires_at"))) : Optional.<StoredSession>empty();
                }
            }
        });
    }
}
