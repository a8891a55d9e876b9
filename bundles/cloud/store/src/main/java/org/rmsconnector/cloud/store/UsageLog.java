package org.rmsconnector.cloud.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.rmsconnector.cloud.model.UsageRecord;

/** The tenant's usage log: append-only records of protect and consume requests. */
public final class UsageLog {

    private static final String COLUMNS = "logged_at, request_type, user_id, request_result, correlation_id,"
            + " content_id, owner_email, issuer, template_id, acting_as_user, connector_id";

    private final TxRunner tx;
    private volatile UsageWriter writer;

    UsageLog(TxRunner tx) {
        this.tx = tx;
    }

    /** The writer whose queued rows {@link #query} waits for. */
    void queuedBy(UsageWriter writer) {
        this.writer = writer;
    }

    /** Appends one record. */
    public void append(UsageRecord record) {
        appendAll(List.of(record));
    }

    /** Appends records in one transaction: all or none. */
    public void appendAll(Collection<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_log (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (UsageRecord r : records) {
                    Jdbc.setInstant(ps, 1, r.timestamp());
                    ps.setString(2, r.requestType());
                    Jdbc.setString(ps, 3, r.user());
                    ps.setString(4, r.result());
                    Jdbc.setString(ps, 5, r.correlationId());
                    Jdbc.setString(ps, 6, r.contentId());
                    Jdbc.setString(ps, 7, r.owner());
                    Jdbc.setString(ps, 8, r.issuer());
                    Jdbc.setUuid(ps, 9, r.templateId());
                    Jdbc.setString(ps, 10, r.actingAs());
                    Jdbc.setString(ps, 11, r.connectorId());
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw new StoreException("cannot append to the usage log: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * The records of one protected content id, oldest first (ties in insertion order), at most {@code limit},
     * including those queued before the call: what {@code rmsctl track} shows. Served by the index V6 adds.
     */
    public List<UsageRecord> forContent(String contentId, int limit) {
        if (limit < 1 || limit > UsageQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + UsageQuery.MAX_LIMIT + ", got " + limit);
        }
        flushQueued();
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM usage_log WHERE content_id = ?"
                    + " ORDER BY logged_at, id")) {
                ps.setString(1, contentId);
                ps.setMaxRows(limit);
                return read(ps);
            }
        });
    }

    /**
     * The owner of a content id as the tenant signed it: from a granted request's record (the owner of a granted
     * publish or license is the verified publishing license's). A refused request's record may name a forged owner,
     * so it never counts. Empty when the log has no granted request for it.
     */
    public Optional<String> ownerOf(String contentId) {
        flushQueued();
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner_email FROM usage_log WHERE content_id = ?"
                    + " AND request_result = 'granted' AND owner_email IS NOT NULL ORDER BY logged_at, id")) {
                ps.setString(1, contentId);
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private void flushQueued() {
        UsageWriter w = writer;
        if (w != null) {
            w.flush(java.time.Duration.ofSeconds(5));
        }
    }

    private static List<UsageRecord> read(PreparedStatement ps) throws SQLException {
        List<UsageRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new UsageRecord(Jdbc.getInstant(rs, "logged_at"), rs.getString("request_type"),
                        rs.getString("user_id"), rs.getString("request_result"), rs.getString("correlation_id"),
                        rs.getString("content_id"), rs.getString("owner_email"), rs.getString("issuer"),
                        Jdbc.getUuid(rs, "template_id"), rs.getString("acting_as_user"), rs.getString("connector_id")));
            }
        }
        return out;
    }

    /**
     * Records matching the query, oldest first (ties in insertion order), including those queued before the call
     * (it waits up to 5 s for the {@link UsageWriter}).
     */
    public List<UsageRecord> query(UsageQuery query) {
        UsageWriter w = writer;
        if (w != null) {
            w.flush(java.time.Duration.ofSeconds(5));
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM usage_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.from() != null) {
            sql.append(" AND logged_at >= ?");
            params.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND logged_at < ?");
            params.add(query.to());
        }
        if (query.user() != null) {
            sql.append(" AND user_id = ?");
            params.add(query.user());
        }
        if (query.requestType() != null) {
            sql.append(" AND request_type = ?");
            params.add(query.requestType());
        }
        sql.append(" ORDER BY logged_at, id");
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    if (params.get(i) instanceof Instant instant) {
                        Jdbc.setInstant(ps, i + 1, instant);
                    } else {
                        ps.setString(i + 1, (String) params.get(i));
                    }
                }
                // JDBC's row limit instead of LIMIT / FETCH FIRST: portable, and drivers pass it to the server
                ps.setMaxRows(query.limit());
                List<UsageRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new UsageRecord(Jdbc.getInstant(rs, "logged_at"), rs.getString("request_type"),
                                rs.getString("user_id"), rs.getString("request_result"),
                                rs.getString("correlation_id"), rs.getString("content_id"),
                                rs.getString("owner_email"), rs.getString("issuer"), Jdbc.getUuid(rs, "template_id"),
                                rs.getString("acting_as_user"), rs.getString("connector_id")));
                    }
                }
                return out;
            }
        });
    }
}
