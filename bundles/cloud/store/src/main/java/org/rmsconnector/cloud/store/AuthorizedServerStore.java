package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.rmsconnector.cloud.model.AccountKind;
import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.AuthorizedServerChange;
import org.rmsconnector.cloud.model.AuthorizedServerList;
import org.rmsconnector.cloud.model.ServerRole;

/**
 * The authorized-servers list, shared by every connector node. Each change bumps the list version
 * and is written to a change feed, so a node holding version {@code v} can fetch just what changed.
 */
public final class AuthorizedServerStore {

    private static final String LIST = "authorized_servers";

    private final TxRunner tx;
    private final Clock clock;
    /** Bumped after each change this process makes, so an in-memory copy of the list knows to reload at once. */
    private final AtomicLong changes = new AtomicLong();

    AuthorizedServerStore(TxRunner tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Adds an entry, or changes the kind or role of the entry with that account name.
     *
     * @param changedBy who made the change, for the feed; may be null
     * @return the list version after the change (unchanged when the entry was already exactly so)
     */
    public long put(AuthorizedServer entry, String changedBy) {
        try {
            return write(entry, changedBy);
        } finally {
            changes.incrementAndGet();
        }
    }

    /**
     * A number that changes whenever this process changed the list: an in-memory copy compares it (and re-reads
     * the version now and then, for changes other service instances make) instead of reading per call.
     */
    public long changes() {
        return changes.get();
    }

    /**
     * Another node changed the list (it said so through the database, {@link PostgresChangeListener}): counts as a
     * change, so in-memory copies here reload at once instead of at their next periodic re-check.
     */
    public void changedElsewhere() {
        changes.incrementAndGet();
    }

    private long write(AuthorizedServer entry, String changedBy) {
        return tx.required(c -> {
            Optional<AuthorizedServer> existing = find(c, entry.key());
            if (existing.isPresent() && existing.get().equals(entry)) {
                return version(c);
            }
            if (existing.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE authorized_server SET account_name = ?,"
                        + " account_kind = ?, server_role = ? WHERE account_key = ?")) {
                    ps.setString(1, entry.account());
                    ps.setString(2, entry.kind().name());
                    ps.setString(3, entry.role().name());
                    ps.setString(4, entry.key());
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO authorized_server (account_key, account_name,"
                        + " account_kind, server_role, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, entry.key());
                    ps.setString(2, entry.account());
                    ps.setString(3, entry.kind().name());
                    ps.setString(4, entry.role().name());
                    Jdbc.setInstant(ps, 5, clock.instant());
                    Jdbc.setString(ps, 6, changedBy);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (StoreException.isUniqueViolation(e)) {
                        throw new DuplicateEntryException("account '" + entry.account()
                                + "' was added concurrently; read the list and try again", e);
                    }
                    throw e;
                }
            }
            return recordChange(c, existing.isPresent() ? AuthorizedServerChange.Type.UPDATED
                    : AuthorizedServerChange.Type.ADDED, entry, changedBy);
        });
    }

    /**
     * Removes the entry with that account name.
     *
     * @return the list version after the change
     * @throws NoSuchEntryException when the account is not listed
     */
    public long remove(String account, String changedBy) {
        try {
            return delete(account, changedBy);
        } finally {
            changes.incrementAndGet();
        }
    }

    private long delete(String account, String changedBy) {
        String key = account.strip().toLowerCase(Locale.ROOT);
        return tx.required(c -> {
            AuthorizedServer existing = find(c, key)
                    .orElseThrow(() -> new NoSuchEntryException("account '" + account + "' is not authorized"));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM authorized_server WHERE account_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return recordChange(c, AuthorizedServerChange.Type.REMOVED, existing, changedBy);
        });
    }

    /** The entry for that account name (case-insensitive). */
    public Optional<AuthorizedServer> find(String account) {
        return tx.readOnly(c -> find(c, account.strip().toLowerCase(Locale.ROOT)));
    }

    /** The whole list with the version it corresponds to. */
    public AuthorizedServerList list() {
        return tx.readOnly(c -> {
            // one statement, so version and entries come from the same snapshot at any isolation level
            long version = -1;
            List<AuthorizedServer> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.version, s.account_name, s.account_kind,"
                    + " s.server_role FROM list_version v LEFT JOIN authorized_server s ON 1 = 1"
                    + " WHERE v.list_name = ? ORDER BY s.account_key")) {
                ps.setString(1, LIST);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        version = rs.getLong(1);
                        if (rs.getString(2) != null) {
                            entries.add(read(rs, 2));
                        }
                    }
                }
            }
            if (version < 0) {
                throw new StoreException("list version row missing: was the schema migrated?");
            }
            return new AuthorizedServerList(version, entries);
        });
    }

    /** The current list version; 0 before the first change. */
    public long version() {
        return tx.readOnly(AuthorizedServerStore::version);
    }

    /** Every change after {@code version}, oldest first; empty when {@code version} is current. */
    public List<AuthorizedServerChange> changesSince(long version) {
        return tx.readOnly(c -> {
            List<AuthorizedServerChange> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT version, change_type, account_name, account_kind,"
                    + " server_role, changed_at, changed_by FROM authorized_server_change WHERE version > ?"
                    + " ORDER BY version")) {
                ps.setLong(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuthorizedServerChange(rs.getLong(1),
                                AuthorizedServerChange.Type.valueOf(rs.getString(2)), read(rs, 3),
                                Jdbc.getInstant(rs, "changed_at"), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    private long recordChange(Connection c, AuthorizedServerChange.Type type, AuthorizedServer entry,
                              String changedBy) throws SQLException {
        // The UPDATE takes the row lock, so concurrent writers queue here and each reads its own increment;
        // they also commit in version order, so the feed never shows a later version before an earlier one.
        try (PreparedStatement ps = c.prepareStatement("UPDATE list_version SET version = version + 1 WHERE list_name = ?")) {
            ps.setString(1, LIST);
            if (ps.executeUpdate() != 1) {
                throw new StoreException("list version row missing: was the schema migrated?");
            }
        }
        long version = version(c);
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO authorized_server_change (version, change_type,"
                + " account_name, account_kind, server_role, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, version);
            ps.setString(2, type.name());
            ps.setString(3, entry.account());
            ps.setString(4, entry.kind().name());
            ps.setString(5, entry.role().name());
            Jdbc.setInstant(ps, 6, now);
            Jdbc.setString(ps, 7, changedBy);
            ps.executeUpdate();
        }
        Databases.notifyChange(c, Databases.AUTHORIZED_SERVERS);
        return version;
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM list_version WHERE list_name = ?")) {
            ps.setString(1, LIST);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("list version row missing: was the schema migrated?");
                }
                return rs.getLong(1);
            }
        }
    }

    private static Optional<AuthorizedServer> find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT account_name, account_kind, server_role"
                + " FROM authorized_server WHERE account_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, 1)) : Optional.empty();
            }
        }
    }

    private static AuthorizedServer read(ResultSet rs, int first) throws SQLException {
        return new AuthorizedServer(rs.getString(first), AccountKind.valueOf(rs.getString(first + 1)),
                ServerRole.valueOf(rs.getString(first + 2)));
    }
}
