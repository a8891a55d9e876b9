package org.rmsconnector.api.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;

/**
 * This node's connection to the cloud service, for administrators. Provided by the transport bundle. Changes to the
 * authorized-servers list are made in the cloud (the list's only home) and reach every node through the change
 * feed; nothing is cached here.
 */
@ProviderType
public interface CloudConnection {

    /** What the transport knows now, without calling the cloud. Never blocks. */
    CloudStatus status();

    /**
     * Calls the cloud now (through the configured proxy, if any) and reports reachability, the negotiated TLS
     * version, the round trip and the clock skew. Bounded by the transport's timeouts; never throws.
     */
    CloudStatus probe();

    /**
     * Registers this node as a connector of the tenant, as a connector administrator of the tenant would.
     *
     * @param user          a tenant user with the connector-admin or global-admin role
     * @param password      that user's password; used for this one call, never stored; the caller clears it
     * @param connectorName the connector's name in the tenant (this node's name when {@code null})
     * @throws AdminException {@link AdminException.Reason#CONFLICT} when already registered,
     *                        {@link AdminException.Reason#REFUSED} when the cloud refuses the user,
     *                        {@link AdminException.Reason#UNAVAILABLE} when the cloud cannot be reached
     */
    void register(String user, char[] password, String connectorName) throws AdminException;

    /** Adds an entry to the tenant's authorized-servers list. */
    void authorize(AuthorizedServer entry) throws AdminException;

    /** Removes the entry for this account in this role. */
    void revoke(String account, Workload role) throws AdminException;

    /** The connectors registered in the tenant, this one included, with when each was last seen by the cloud. */
    List<RegisteredConnector> connectors() throws AdminException;
}
