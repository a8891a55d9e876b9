package org.rmsconnector.cloud.directory.internal;

/** The directory could not be read; the previous directory should stay in force. */
public final class DirectoryImportException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With the cause, whose LDAP result code the message carries. */
    public DirectoryImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
