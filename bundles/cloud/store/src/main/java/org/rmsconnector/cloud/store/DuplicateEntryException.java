package org.rmsconnector.cloud.store;

/** An entry with that name or id already exists. */
public final class DuplicateEntryException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** With a message naming the entry. */
    public DuplicateEntryException(String message) {
        super(message);
    }

    /** With a message naming the entry, for a duplicate the database caught. */
    public DuplicateEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}
