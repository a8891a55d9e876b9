package org.rmsconnector.cloud.licensing.internal.rights;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.rmsconnector.cloud.model.Grant;

/** The rights policy a publishing license refers to: a tenant template, or grants written into the license. */
public sealed interface Policy {

    /**
     * Content protected with a template: the template is looked up at evaluation time, so its
     * current grants and expiry apply, not those of the day the content was protected.
     *
     * @param templateId the template's id
     */
    record FromTemplate(UUID templateId) implements Policy {
        /** Requires the id. */
        public FromTemplate {
            Objects.requireNonNull(templateId, "templateId");
        }
    }

    /**
     * Content protected with ad-hoc (custom) rights carried in its publishing license.
     *
     * @param grants            who gets which rights
     * @param contentNotAfter   when the content expires; null for never
     * @param offlineAccessDays how long a use license stays valid offline; 0 for no offline use
     */
    record AdHoc(List<Grant> grants, Instant contentNotAfter, int offlineAccessDays) implements Policy {
        /** Validates the policy. */
        public AdHoc {
            grants = List.copyOf(grants);
            if (offlineAccessDays < 0) {
                throw new IllegalArgumentException("offline access days must not be negative");
            }
        }
    }
}
