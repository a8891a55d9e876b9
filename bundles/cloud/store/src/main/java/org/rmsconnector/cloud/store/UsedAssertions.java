package org.rmsconnector.cloud.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replay register every cloud node shares: the ids of assertions accepted so far, each kept until it could no
 * longer be accepted anyway. {@link #firstUse} inserts the id; the primary key makes the insert succeed once, at
 * whichever node comes first (a node racing it waits for the first transaction and then meets the duplicate).
 * Expired rows are deleted at most every {@link #PURGE_INTERVAL}, by whichever call comes due. Thread-safe.
 *
 * <p>The cost: one small insert per accepted assertion. Nothing else would let two nodes refuse each other's
 * replays, which is what lets a load balancer send any call to any node. So only a database nodes can share pays
 * it: on H2, a file one process holds, the service is one node, and the ids are kept in that node's memory instead
 * (bounded: past {@link #MEMORY_CAPACITY} live ids new ones are refused, fail closed) — an insert per forwarded call
 * was a third of the relay's work there (docs/performance.md).
 */
public final class UsedAssertions {

    /** How often expired ids are deleted, at most. */
    public static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

    /** The most live ids one node on H2 keeps in memory (about 100 MiB at most; 1,000 calls a second use 90,000). */
    public static final int MEMORY_CAPACITY = 1_000_000;

    private final TxRunner tx;
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);
    private final LocalReplayRegister local = new LocalReplayRegister(MEMORY_CAPACITY);
    /** Whether the database is one several nodes share (PostgreSQL); null until the first call asks it. */
    private volatile Boolean shared;

    UsedAssertions(TxRunner tx) {
        this.tx = tx;
    }

    /**
     * Records {@code id} as used until {@code until}, unless it was used before.
     *
     * @param id    what makes the assertion unique (its issuer and its {@code jti}); any length
     * @param until when the id may be forgotten: the assertion's expiry plus the verifier's clock skew
     * @param now   the current time, for the purge
     * @return true for the first use, false for a replay
     * @throws StoreException when the database cannot tell (the caller must then refuse: fail closed)
     */
    public boolean firstUse(String id, Instant until, Instant now) {
        if (!shared()) {
            return local.firstUse(id, until, now);
        }
        purgeIfDue(now);
        String hash = hash(id);
        try {
            return tx.required(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO used_assertion (id_hash, expires_at) VALUES (?, ?)")) {
                    ps.setString(1, hash);
                    Jdbc.setInstant(ps, 2, until);
                    ps.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    if (StoreException.isUniqueViolation(e)) {
                        throw new Replayed(e);
                    }
                    throw e;
                }
            });
        } catch (Replayed e) {
            return false;
        }
    }

    /** Deletes the ids expired at {@code now}; returns how many. */
    public int purge(Instant now) {
        if (!shared()) {
            return local.purge(now);
        }
        return tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM used_assertion WHERE expires_at < ?")) {
                Jdbc.setInstant(ps, 1, now);
                return ps.executeUpdate();
            }
        });
    }

    /** How many ids are remembered (expired ones not yet purged included). */
    public long size() {
        if (!shared()) {
            return local.size();
        }
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM used_assertion");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Whether the ids must live in the database: it is PostgreSQL, which several nodes share. */
    public boolean shared() {
        Boolean s = shared;
        if (s == null) {
            s = tx.readOnly(Databases::isPostgres);
            shared = s;
        }
        return s;
    }

    private void purgeIfDue(Instant now) {
        long due = nextPurge.get();
        long at = now.toEpochMilli();
        if (at >= due && nextPurge.compareAndSet(due, at + PURGE_INTERVAL.toMillis())) {
            try {
                purge(now);
            } catch (StoreException e) {
                nextPurge.set(Long.MIN_VALUE); // try again with the next call; the insert decides on its own
            }
        }
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The insert met a duplicate: rolls the transaction back (on PostgreSQL it is aborted anyway). */
    private static final class Replayed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Replayed(SQLException cause) {
            super("replayed", cause, false, false);
        }
    }
}
