package org.rmsconnector.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.Right;

/**
 * The outcome of an unprotection.
 *
 * @param info              the protected content's header information
 * @param rights            the rights the use license granted
 * @param licenseExpiresAt  when the use license ends
 * @param plaintextBytes    bytes of content written
 */
public record UnprotectResult(ProtectionInfo info, Set<Right> rights, Instant licenseExpiresAt, long plaintextBytes) {

    /** Validates and freezes. */
    public UnprotectResult {
        Objects.requireNonNull(info, "info");
        rights = Set.copyOf(rights);
    }
}
