package org.rmsconnector.cloud.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A named rights policy of the tenant. Content protected with a template refers to it by id, so
 * the template's current grants and expiry apply whenever a license is requested.
 *
 * @param id                           stable identity, carried in publishing licenses
 * @param name                         unique (case-insensitively) within the tenant
 * @param description                  free text shown to users
 * @param grants                       who gets which rights
 * @param expiry                       when protected content expires
 * @param offlineAccessDays            how many days a use license stays valid without contacting the
 *                                     service; 0 means every opening needs a fresh license
 * @param status                       whether new content may be protected with it
 * @param availableWithoutUserIdentity whether applications acting without a user identity (file
 *                                     classification, transport rules) may use it
 */
public record Template(UUID id, String name, String description, List<Grant> grants,
                       ContentExpiry expiry, int offlineAccessDays, TemplateStatus status,
                       boolean availableWithoutUserIdentity) {

    /** Longest template name the store keeps. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Longest description the store keeps. */
    public static final int MAX_DESCRIPTION_LENGTH = 2000;

    /** Validates the template. */
    public Template {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        name = name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("template name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        description = description == null ? "" : description.strip();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("template description longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        grants = List.copyOf(grants);
        Objects.requireNonNull(expiry, "expiry");
        if (offlineAccessDays < 0) {
            throw new IllegalArgumentException("offline access days must not be negative, got " + offlineAccessDays);
        }
        Objects.requireNonNull(status, "status");
    }

    /** A new published template with a fresh id. */
    public static Template create(String name, String description, List<Grant> grants, ContentExpiry expiry,
                                  int offlineAccessDays, boolean availableWithoutUserIdentity) {
        return new Template(UUID.randomUUID(), name, description, grants, expiry, offlineAccessDays,
                TemplateStatus.PUBLISHED, availableWithoutUserIdentity);
    }

    /** This template with another status. */
    public Template withStatus(TemplateStatus newStatus) {
        return new Template(id, name, description, grants, expiry, offlineAccessDays, newStatus,
                availableWithoutUserIdentity);
    }

    /** This template with other grants. */
    public Template withGrants(List<Grant> newGrants) {
        return new Template(id, name, description, newGrants, expiry, offlineAccessDays, status,
                availableWithoutUserIdentity);
    }

    /** This template with another expiry. */
    public Template withExpiry(ContentExpiry newExpiry) {
        return new Template(id, name, description, grants, newExpiry, offlineAccessDays, status,
                availableWithoutUserIdentity);
    }

    /**
     * A SHA-256 (hex) over everything but the id, so caches (clients, connector nodes) can tell
     * whether the policy they hold is still current without comparing it field by field.
     */
    public String contentHash() {
        StringBuilder canonical = new StringBuilder();
        field(canonical, name);
        field(canonical, description);
        for (Grant g : grants) {
            field(canonical, g.kind().name());
            field(canonical, g.principal() == null ? "" : g.principal());
            field(canonical, g.rights().toString());
        }
        field(canonical, expiry.toString());
        field(canonical, Integer.toString(offlineAccessDays));
        field(canonical, status.name());
        field(canonical, Boolean.toString(availableWithoutUserIdentity));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    // Length-prefixed so that ("ab","c") and ("a","bc") never hash alike.
    private static void field(StringBuilder sb, String value) {
        sb.append(value.length()).append(':').append(value).append(';');
    }
}
