package org.rmsconnector.cloud.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Identity of the single tenant this service holds.
 *
 * @param tenantId  stable identifier (carried in certificates and licenses)
 * @param name      display name
 * @param createdAt when the tenant was set up
 */
public record TenantInfo(String tenantId, String name, Instant createdAt) {

    /** Requires every field. */
    public TenantInfo {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        if (tenantId.isBlank() || tenantId.length() > 64) {
            throw new IllegalArgumentException("tenant id must have 1 to 64 characters");
        }
    }
}
