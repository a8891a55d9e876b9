package org.rmsconnector.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who obtained or was refused a license for one protected content id, and whether it is revoked: what the cloud
 * service's usage log says ({@link RmsClient#track}). Only the content's owner and the tenant's global
 * administrators may ask.
 *
 * @param contentId  the content id (as {@code rmsctl info} shows it)
 * @param owner      the owner the tenant signed; empty when the log has no granted request for the content
 * @param revocation the revocation in force, if any
 * @param events     the requests for the content, oldest first
 */
public record ContentTracking(String contentId, Optional<String> owner, Optional<Revocation> revocation,
        List<Event> events) {

    /** Copies the list. */
    public ContentTracking {
        Objects.requireNonNull(contentId, "contentId");
        owner = owner == null ? Optional.empty() : owner;
        revocation = revocation == null ? Optional.empty() : revocation;
        events = List.copyOf(events);
    }

    /**
     * A revocation: no new license is issued for the content, to anyone, except super users when allowed.
     *
     * @param revokedBy       the owner or global administrator who revoked it
     * @param revokedAt       when
     * @param allowSuperUsers whether super users still get licenses
     */
    public record Revocation(String revokedBy, Instant revokedAt, boolean allowSuperUsers) {
    }

    /**
     * One request for the content.
     *
     * @param at            when the service answered it
     * @param requestType   {@code Publish}, {@code AcquireLicense} or {@code AcquirePreLicense}
     * @param granted       whether it was granted
     * @param result        {@code granted}, or the refusal's code (e.g. {@code not_granted}, {@code content_revoked})
     * @param user          for whom: the user a server acted for, else the caller
     * @param server        the on-premises server account when the request came through a connector, else null
     * @param connectorId   the connector it came through, else null
     * @param connectorName that connector's registered name, when known
     */
    public record Event(Instant at, String requestType, boolean granted, String result, String user, String server,
            String connectorId, String connectorName) {
    }
}
