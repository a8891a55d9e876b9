package org.rmsconnector.cloud.store;

/**
 * Runs {@link SqlWork} in a transaction. The store depends only on this, so it runs with plain JDBC
 * ({@link JdbcTxRunner}) in tests and standalone, and with OSGi Transaction Control in the framework.
 *
 * <p>Contract for implementations: work called from inside other work joins the outer transaction;
 * an exception thrown by the work rolls the transaction back and reaches the caller, a runtime
 * exception unchanged and an {@link java.sql.SQLException} wrapped in a {@link StoreException}.
 */
public interface TxRunner {

    /** Runs the work in a read-write transaction, joining the current one if there is one. */
    <T> T required(SqlWork<T> work);

    /**
     * Runs the work in a read-only transaction, joining the current one if there is one.
     * A new read-only transaction sees one snapshot across its statements (REPEATABLE READ or stronger).
     */
    <T> T readOnly(SqlWork<T> work);

    /**
     * Runs {@code action} once the current transaction has ended (committed or rolled back), or now when there is
     * none: what in-memory caches of the store's state use to drop what they loaded while a change was under way.
     * The action must not throw and must not use the store.
     */
    void afterCompletion(Runnable action);
}
