package org.rmsconnector.cloud.store;

import java.sql.SQLException;

/** A store operation failed; nothing it started was kept. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message for the administrator. */
    public StoreException(String message) {
        super(message);
    }

    /** With a message for the administrator and the cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the database refused a duplicate key (SQLSTATE 23505 on H2 and PostgreSQL alike). */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
