package org.rmsconnector.cloud.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of the tenant's usage log: a protect or consume request and what came of it.
 * Every field but the timestamp, request type and result may be null.
 *
 * @param timestamp     when the request was handled
 * @param requestType   e.g. {@code AcquireLicense}, {@code Certify}, {@code AcquireTemplates}
 * @param user          the user the request was for
 * @param result        e.g. {@code Success}, {@code AccessDenied}
 * @param correlationId ties the entry to the connector's and the server's logs
 * @param contentId     the protected content's id
 * @param owner         the content owner's mail address
 * @param issuer        who protected the content
 * @param templateId    the template the content was protected with
 * @param actingAs      the on-premises account a connector acted for
 * @param connectorId   the connector the request came through; null for direct requests
 */
public record UsageRecord(Instant timestamp, String requestType, String user, String result, String correlationId,
                          String contentId, String owner, String issuer, UUID templateId, String actingAs,
                          String connectorId) {

    /** Validates and canonicalizes the record. */
    public UsageRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        // the database keeps microseconds; truncating here makes a stored record equal to the one read back
        timestamp = timestamp.truncatedTo(ChronoUnit.MICROS);
        requestType = required(requestType, "request type", 64);
        result = required(result, "result", 64);
        user = Principals.optionalKey(user);
        owner = Principals.optionalKey(owner);
        issuer = Principals.optionalKey(issuer);
        actingAs = Principals.optionalKey(actingAs);
    }

    private static String required(String value, String what, int max) {
        Objects.requireNonNull(value, what);
        String v = value.strip();
        if (v.isEmpty() || v.length() > max) {
            throw new IllegalArgumentException(what + " must have 1 to " + max + " characters");
        }
        return v;
    }
}
