package org.rmsconnector.api.policy;

import java.util.Objects;

import org.rmsconnector.api.workload.Workload;

/**
 * One entry of the authorized-servers list.
 *
 * @param account the account as the administrator wrote it: a user account, a computer account ({@code HOST$}) or a
 *        group
 * @param kind what the account is
 * @param role the entry's workload
 */
public record AuthorizedServer(String account, Kind kind, Workload role) {

    /** What an entry names. A group entry authorizes its members, who then share one identity. */
    public enum Kind { ACCOUNT, COMPUTER, GROUP }

    public AuthorizedServer {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
    }
}
