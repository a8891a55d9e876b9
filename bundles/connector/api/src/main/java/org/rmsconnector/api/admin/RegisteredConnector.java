package org.rmsconnector.api.admin;

import java.time.Instant;

/**
 * A connector node registered in the tenant.
 *
 * @param id           its id in the tenant
 * @param name         its name
 * @param registeredAt when it was registered
 * @param lastSeen     when the cloud last saw a call signed by it, or {@code null} when never
 */
public record RegisteredConnector(String id, String name, Instant registeredAt, Instant lastSeen) {
}
