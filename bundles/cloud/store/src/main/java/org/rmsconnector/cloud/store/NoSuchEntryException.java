package org.rmsconnector.cloud.store;

/** The entry to change or remove does not exist. */
public final class NoSuchEntryException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** With a message naming the entry. */
    public NoSuchEntryException(String message) {
        super(message);
    }
}
