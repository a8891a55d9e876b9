package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.rmsconnector.cloud.model.RegisteredConnector;

/** Connectors registered with the tenant. */
public final class ConnectorRegistry {

    private final TxRunner tx;
    /** Bumped after each registration or removal this process makes, so a cache of lookups knows to forget. */
    private final AtomicLong changes = new AtomicLong();

    ConnectorRegistry(TxRunner tx) {
        this.tx = tx;
    }

    /**
     * Registers a connector.
     *
     * @throws DuplicateEntryException when its id or name is taken
     */
    public RegisteredConnector register(RegisteredConnector connector) {
        try {
            return insert(connector);
        } finally {
            changes.incrementAndGet();
        }
    }

    /**
     * A number that changes whenever this process registered or removed a connector: caches of {@link #find}
     * compare it instead of reading the database.
     */
    public long changes() {
        return changes.get();
    }

    /**
     * Another node changed a connector (it said so through the database, {@link PostgresChangeListener}): counts as a
     * change, so in-memory copies here reload at once instead of at their next periodic re-check.
     */
    public void changedElsewhere() {
        changes.incrementAndGet();
    }

    private RegisteredConnector insert(RegisteredConnector connector) {
        return tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM registered_connector WHERE id = ? OR name = ?")) {
                ps.setString(1, connector.id());
                ps.setString(2, connector.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new DuplicateEntryException("connector id '" + connector.id() + "' or name '"
                                + connector.name() + "' is already registered (as " + rs.getString(1) + ")");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO registered_connector (id, name, public_key,"
                    + " credential_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, connector.id());
                ps.setString(2, connector.name());
                Jdbc.setString(ps, 3, connector.publicKey());
                Jdbc.setString(ps, 4, connector.credentialHash());
                Jdbc.setInstant(ps, 5, connector.createdAt());
                ps.setString(6, connector.createdBy());
                ps.executeUpdate();
                Databases.notifyChange(c, Databases.CONNECTORS);
            } catch (SQLException e) {
                if (StoreException.isUniqueViolation(e)) {
                    throw new DuplicateEntryException("connector '" + connector.name() + "' was registered concurrently", e);
                }
                throw new StoreException("cannot register connector '" + connector.name() + "': " + e.getMessage(), e);
            }
            return connector;
        });
    }

    /** The connector with that id. */
    public Optional<RegisteredConnector> find(String id) {
        return tx.readOnly(c -> {
            List<RegisteredConnector> found = select(c, " WHERE id = ?", id);
            return found.isEmpty() ? Optional.<RegisteredConnector>empty() : Optional.of(found.get(0));
        });
    }

    /** All connectors, by name. */
    public List<RegisteredConnector> list() {
        return tx.readOnly(c -> select(c, " ORDER BY name", null));
    }

    /**
     * Records that the service authenticated a call signed by the connector at {@code seen}; an earlier time never
     * replaces a later one.
     *
     * @return whether the record changed (false for an unknown connector or an older time)
     */
    public boolean recordSeen(String id, Instant seen) {
        return tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE registered_connector SET last_seen = ?"
                    + " WHERE id = ? AND (last_seen IS NULL OR last_seen < ?)")) {
                Jdbc.setInstant(ps, 1, seen);
                ps.setString(2, id);
                Jdbc.setInstant(ps, 3, seen);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Unregisters a connector; its credentials stop working. Returns false when it was not registered. */
    public boolean remove(String id) {
        try {
            return tx.required(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM registered_connector WHERE id = ?")) {
                    ps.setString(1, id);
                    boolean removed = ps.executeUpdate() > 0;
                    if (removed) {
                        Databases.notifyChange(c, Databases.CONNECTORS);
                    }
                    return removed;
                }
            });
        } finally {
            changes.incrementAndGet();
        }
    }

    private static List<RegisteredConnector> select(Connection c, String tail, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, public_key, credential_hash, created_at,"
                + " created_by, last_seen FROM registered_connector" + tail)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<RegisteredConnector> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RegisteredConnector(rs.getString("id"), rs.getString("name"), rs.getString("public_key"),
                            rs.getString("credential_hash"), Jdbc.getInstant(rs, "created_at"),
                            rs.getString("created_by"), Jdbc.getInstant(rs, "last_seen")));
                }
            }
            return out;
        }
    }
}
