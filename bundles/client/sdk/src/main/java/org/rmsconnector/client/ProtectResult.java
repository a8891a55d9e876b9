package org.rmsconnector.client;

import java.util.Objects;

/**
 * The outcome of a protection.
 *
 * @param info            the new protected content's header information
 * @param plaintextBytes  bytes of content protected
 * @param protectedBytes  bytes written, header included
 */
public record ProtectResult(ProtectionInfo info, long plaintextBytes, long protectedBytes) {

    /** Validates. */
    public ProtectResult {
        Objects.requireNonNull(info, "info");
    }
}
