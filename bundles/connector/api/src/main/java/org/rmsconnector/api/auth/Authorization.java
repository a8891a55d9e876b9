package org.rmsconnector.api.auth;

import java.util.Objects;

import org.rmsconnector.api.workload.Workload;

/**
 * A positive authorization decision: the authorized-servers entry that matched the caller, and its role.
 *
 * @param entry the matching entry as written in the list: an account, a computer account or a group
 * @param role the entry's workload
 * @param policyVersion the version of the authorized-servers list the decision was made on
 */
public record Authorization(String entry, Workload role, long policyVersion) {
    public Authorization {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(role, "role");
    }
}
