package org.rmsconnector.protocol;

import java.io.IOException;
import java.util.Objects;

/**
 * A protocol object or stream was refused, with a machine-readable {@link Reason} and a
 * human message.
 *
 * <p>It extends {@link IOException} so that {@link ProtectedFileReader} can throw it straight
 * out of {@code read()}, and so callers that already handle I/O failure cannot forget it.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    /** A refusal for {@code reason}, explained by {@code message}. */
    public ProtocolException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A refusal for {@code reason}, explained by {@code message}, caused by {@code cause}. */
    public ProtocolException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the input was refused. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + reason + "]: " + getMessage();
    }
}
