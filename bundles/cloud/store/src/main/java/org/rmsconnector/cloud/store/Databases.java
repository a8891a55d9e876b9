package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The few places where the store's SQL differs between H2 and PostgreSQL. Everything else is portable SQL; these
 * are what only PostgreSQL needs because several nodes share it: the change notification other nodes listen for,
 * and a lock that serializes migrations started by nodes at the same time.
 */
public final class Databases {

    /** The PostgreSQL channel every change other nodes must see is notified on, in the changing transaction. */
    public static final String CHANNEL = "rms_cloud_changes";
    /** Payload: the authorized-servers list changed. */
    public static final String AUTHORIZED_SERVERS = "authorized_servers";
    /** Payload: a connector was registered or removed. */
    public static final String CONNECTORS = "connectors";

    /** Key of the transaction-scoped advisory lock migrations take on PostgreSQL ("rms" + schema). */
    private static final long MIGRATION_LOCK = 0x726d73_736368L;

    private Databases() {
    }

    /** Whether the connection is to PostgreSQL. */
    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    /**
     * Tells the nodes listening on PostgreSQL that {@code what} changed. The notification is part of the
     * transaction: it is delivered when it commits, and never when it rolls back. On H2 (one node) nothing: the
     * node's own in-process signal is enough.
     */
    static void notifyChange(Connection c, String what) throws SQLException {
        if (isPostgres(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, CHANNEL);
                ps.setString(2, what);
                ps.execute();
            }
        }
    }

    /** On PostgreSQL, waits for the migration lock, held until the transaction ends: one node migrates at a time. */
    static void lockMigrations(Connection c) throws SQLException {
        if (isPostgres(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, MIGRATION_LOCK);
                ps.execute();
            }
        }
    }
}
