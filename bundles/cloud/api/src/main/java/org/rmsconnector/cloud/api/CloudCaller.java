package org.rmsconnector.cloud.api;

import java.util.Objects;
import java.util.Set;

import org.rmsconnector.cloud.model.ServerRole;

/**
 * Who is calling the service, as authentication established it.
 *
 * @param kind an online user, or an on-premises server through a connector
 * @param identity whose rights apply: the user's UPN, or for a connector call the authorized-servers entry that
 *        matched (a group entry: the group name, so its members share one identity)
 * @param account the account that called: the UPN, or the on-premises account (e.g. {@code EXCH01$})
 * @param role the entry's role for connector calls; {@code null} for users
 * @param onBehalfOf the user a server acts for, or {@code null}
 * @param superUser whether super-user evaluation applies (only ever for the Exchange role, re-checked)
 * @param connectorId the connector that forwarded the call, or {@code null}
 * @param adminRoles the administrative roles of a user ({@code global-admin}, {@code connector-admin})
 * @param requestId the correlation id for logs and the usage log
 */
public record CloudCaller(Kind kind, String identity, String account, ServerRole role, String onBehalfOf,
        boolean superUser, String connectorId, Set<String> adminRoles, String requestId) {

    public static final String GLOBAL_ADMIN = "global-admin";
    public static final String CONNECTOR_ADMIN = "connector-admin";

    /** How the caller reached the service. */
    public enum Kind { USER, CONNECTOR }

    public CloudCaller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(requestId, "requestId");
        adminRoles = Set.copyOf(adminRoles);
    }

    public boolean hasAdminRole(String role) {
        return adminRoles.contains(role);
    }
}
