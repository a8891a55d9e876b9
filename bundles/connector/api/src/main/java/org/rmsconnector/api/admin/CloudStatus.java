package org.rmsconnector.api.admin;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The state of this node's connection to the cloud.
 *
 * @param environment         the named cloud environment in use
 * @param serviceUrl          the tenant's service URL (scheme, host, port), as on-premises servers know the cloud
 * @param reachable           whether the last call to the cloud got an answer
 * @param problem             what is wrong, for an administrator, or {@code null} when nothing is
 * @param tlsProtocol         the TLS version negotiated with the cloud, or {@code null} when unknown
 * @param roundTrip           the last probe's round trip, or {@code null} before any probe
 * @param clockSkew           the cloud's clock minus ours (from its {@code Date} header), or {@code null} when unknown
 * @param proxy               the outbound proxy as {@code host:port}, or {@code null} when none is set
 * @param registered          whether this node holds connector credentials
 * @param connectorId         the connector's id in the tenant, or {@code null}
 * @param connectorName       the connector's name in the tenant, or {@code null}
 * @param registeredAt        when the credentials were issued, or {@code null}
 * @param credentialsExpireAt when the credentials must be renewed, or {@code null}
 * @param policyVersion       the version of the authorized-servers list in force, or -1 when none
 * @param policyConfirmedAt   when that list was last confirmed with the cloud, or {@code null}
 * @param policyFromCache     whether the list in force is the last-known-good copy from disk
 * @param breaker             the circuit breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN})
 * @param checkedAt           when this status was taken
 */
public record CloudStatus(String environment, URI serviceUrl, boolean reachable, String problem, String tlsProtocol,
        Duration roundTrip, Duration clockSkew, String proxy, boolean registered, String connectorId,
        String connectorName, Instant registeredAt, Instant credentialsExpireAt, long policyVersion,
        Instant policyConfirmedAt, boolean policyFromCache, String breaker, Instant checkedAt) {
}
