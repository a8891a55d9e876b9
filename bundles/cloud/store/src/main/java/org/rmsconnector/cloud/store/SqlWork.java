package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of database work run inside a transaction the {@link TxRunner} owns.
 * It must not commit, roll back or close the connection, and may be run more than once
 * when the runner retries a transient failure.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Does the work on the transaction's connection. */
    T apply(Connection connection) throws SQLException;
}
