package org.rmsconnector.simulators;

/** A message file whose header section cannot be read as RFC 5322; the message says where and why. */
public final class MailFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public MailFormatException(String message) {
        super(message);
    }
}
