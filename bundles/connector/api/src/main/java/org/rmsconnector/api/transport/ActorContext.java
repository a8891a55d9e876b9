package org.rmsconnector.api.transport;

import java.util.Objects;

import org.rmsconnector.api.workload.Workload;

/**
 * On whose behalf the connector forwards a call. The transport signs it into the actor assertion the cloud
 * service verifies; the cloud re-checks the entry and role itself.
 *
 * @param account the on-premises account that called the connector
 * @param entry the authorized-servers entry that matched
 * @param role the entry's role
 * @param onBehalfOf the user the server acts for, or {@code null}
 * @param superUser whether super-user evaluation is asked for (only ever granted to the Exchange role)
 */
public record ActorContext(String account, String entry, Workload role, String onBehalfOf, boolean superUser) {
    public ActorContext {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(role, "role");
    }
}
