package org.rmsconnector.cloud.licensing.internal.rights;

import java.time.Instant;
import java.util.Objects;

/**
 * A request for a use license, with what the content's publishing license says.
 *
 * @param policy      the content's rights policy
 * @param owner       the content owner (UPN or mail address)
 * @param protectedAt when the content was protected; template expiry counted in days starts here
 * @param requester   the user asking for a license (UPN or mail address)
 */
public record LicenseRequest(Policy policy, String owner, Instant protectedAt, String requester) {

    /** Requires every field. */
    public LicenseRequest {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(protectedAt, "protectedAt");
        Objects.requireNonNull(requester, "requester");
    }
}
