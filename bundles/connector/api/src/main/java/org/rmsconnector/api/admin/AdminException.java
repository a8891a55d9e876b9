package org.rmsconnector.api.admin;

/**
 * An administrative operation was refused or could not be carried out. The message is written for the administrator:
 * what was wrong and what to do. Nothing was changed when this is thrown.
 */
public class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, so a REST front end can pick its status code. */
    public enum Reason {
        /** The input is wrong (400). */
        INVALID,
        /** What was named does not exist (404). */
        NOT_FOUND,
        /** It exists already or conflicts with the current state (409). */
        CONFLICT,
        /** The caller may not do this (403). */
        REFUSED,
        /** Something it depends on (the cloud, the directory) cannot be reached now; try again (503). */
        UNAVAILABLE
    }

    private final Reason reason;

    public AdminException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AdminException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
