package org.rmsconnector.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;

/**
 * What a new protection says: a template or ad-hoc grants, the owner, when the content
 * expires and how many days a license may be used offline. Immutable: the {@code with…}
 * methods return copies.
 *
 * @param policy         a template or ad-hoc grants
 * @param owner          the content owner, or null for the client's certified identity
 * @param contentExpiry  when the content stops being usable, or null for never (whole seconds)
 * @param offlineDays    days a use license may be cached for offline use, 0..3650
 */
public record ProtectOptions(Policy policy, String owner, Instant contentExpiry, int offlineDays) {

    /** Offline days when nothing is said: a week, enough for a trip, short enough to follow revocations. */
    public static final int DEFAULT_OFFLINE_DAYS = 7;

    /** Validates. */
    public ProtectOptions {
        Objects.requireNonNull(policy, "policy");
        if (owner != null && owner.isBlank()) {
            owner = null;
        }
        contentExpiry = contentExpiry == null ? null : contentExpiry.truncatedTo(ChronoUnit.SECONDS);
        if (offlineDays < 0 || offlineDays > PublishingLicense.MAX_OFFLINE_DAYS) {
            throw new IllegalArgumentException("offline days must be between 0 and "
                    + PublishingLicense.MAX_OFFLINE_DAYS + ", got " + offlineDays);
        }
    }

    /** Protection by the tenant template {@code templateId}. */
    public static ProtectOptions template(String templateId) {
        return new ProtectOptions(Policy.template(templateId), null, null, DEFAULT_OFFLINE_DAYS);
    }

    /** Protection by ad-hoc grants: principal (UPN, email or group) → rights. */
    public static ProtectOptions grants(Map<String, ? extends Collection<Right>> grants) {
        Objects.requireNonNull(grants, "grants");
        List<Grant> list = new ArrayList<>();
        grants.forEach((principal, rights) -> list.add(new Grant(principal,
                rights == null || rights.isEmpty() ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(rights))));
        return grants(list);
    }

    /** Protection by ad-hoc grants. */
    public static ProtectOptions grants(List<Grant> grants) {
        return new ProtectOptions(Policy.adHoc(grants), null, null, DEFAULT_OFFLINE_DAYS);
    }

    /** A copy with {@code owner} as the content owner (null: the certified identity). */
    public ProtectOptions withOwner(String owner) {
        return new ProtectOptions(policy, owner, contentExpiry, offlineDays);
    }

    /** A copy whose content expires at {@code expiry} (null: never). */
    public ProtectOptions withContentExpiry(Instant expiry) {
        return new ProtectOptions(policy, owner, expiry, offlineDays);
    }

    /** A copy allowing {@code days} of offline use. */
    public ProtectOptions withOfflineDays(int days) {
        return new ProtectOptions(policy, owner, contentExpiry, days);
    }
}
