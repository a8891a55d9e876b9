package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

/**
 * A {@link TxRunner} over a plain {@link DataSource}: one connection per outermost transaction,
 * joined by nested work on the same thread. Used by tests and by the standalone service.
 *
 * <p>An outermost transaction that fails transiently (lock timeout, deadlock, serialization failure)
 * is retried a few times, because under concurrent writers those failures are expected and the
 * work, rolled back, is safe to run again.
 */
public final class JdbcTxRunner implements TxRunner {

    private static final int DEFAULT_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final int maxAttempts;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> completions = new ThreadLocal<>();

    /** @param dataSource where connections come from (pooled or not) */
    public JdbcTxRunner(DataSource dataSource) {
        this(dataSource, DEFAULT_ATTEMPTS);
    }

    /**
     * @param dataSource  where connections come from (pooled or not)
     * @param maxAttempts how often an outermost transaction is tried when it fails transiently
     */
    public JdbcTxRunner(DataSource dataSource, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.dataSource = dataSource;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public <T> T required(SqlWork<T> work) {
        return run(work, false);
    }

    @Override
    public <T> T readOnly(SqlWork<T> work) {
        return run(work, true);
    }

    @Override
    public void afterCompletion(Runnable action) {
        List<Runnable> pending = completions.get();
        if (current.get() == null || pending == null) {
            action.run();
        } else {
            pending.add(action);
        }
    }

    private <T> T run(SqlWork<T> work, boolean readOnly) {
        Connection joined = current.get();
        if (joined != null) {
            try {
                return work.apply(joined);
            } catch (SQLException e) {
                throw new StoreException("database error: " + e.getMessage(), e);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work, readOnly);
            } catch (SQLException e) {
                if (attempt >= maxAttempts || !isTransient(e)) {
                    throw new StoreException("database error: " + e.getMessage(), e);
                }
                backOff(attempt);
            } catch (StoreException e) {
                // nested work wraps its SQLException; only here, at the outermost level, can it be retried
                if (attempt >= maxAttempts || !isTransient(e)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private <T> T once(SqlWork<T> work, boolean readOnly) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int isolation = c.getTransactionIsolation();
            if (readOnly) {
                c.setReadOnly(true);
                // a read of several statements (a list and its version) must see one snapshot;
                // read-only repeatable-read transactions never fail on conflicts
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            current.set(c);
            completions.set(new ArrayList<>());
            try {
                T result = work.apply(c);
                if (readOnly) {
                    c.rollback(); // nothing to keep, and a rollback can't fail on a conflict
                } else {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                current.remove();
                List<Runnable> pending = completions.get();
                completions.remove();
                pending.forEach(Runnable::run);
                restore(c, readOnly, isolation);
            }
        }
    }

    // A pooled connection goes back the way it came; a broken one is closed next anyway, so a
    // failure here must not hide the exception that matters.
    private static void restore(Connection c, boolean readOnly, int isolation) {
        try {
            if (readOnly) {
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
            }
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is closed right after
        }
    }

    private static boolean isTransient(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("40")) {
                return true; // 40001 serialization failure, 40P01 deadlock
            }
        }
        return false;
    }

    private static void backOff(int attempt) {
        try {
            // jitter so that two retrying writers don't collide again in lock step
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a transaction", e);
        }
    }
}
