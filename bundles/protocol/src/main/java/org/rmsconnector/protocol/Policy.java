package org.rmsconnector.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The rights policy of a publishing license: either a tenant template (by id) or ad-hoc
 * grants. Wire form: {@code {"template":"<id>"}} or {@code {"grants":[…]}}, never both.
 */
public sealed interface Policy permits Policy.Template, Policy.AdHoc {

    /**
     * A policy defined by a tenant template.
     *
     * @param templateId the template's id
     */
    record Template(String templateId) implements Policy {
        /** Validates the id. */
        public Template {
            ServerCertificate.requireText(templateId, "templateId");
        }
    }

    /**
     * A policy of explicit grants.
     *
     * @param grants at least one grant
     */
    record AdHoc(List<Grant> grants) implements Policy {
        /** Validates and freezes the grants. */
        public AdHoc {
            Objects.requireNonNull(grants, "grants");
            if (grants.isEmpty()) {
                throw new IllegalArgumentException("an ad-hoc policy needs at least one grant");
            }
            grants = List.copyOf(grants);
        }
    }

    /** A template policy. */
    static Policy template(String templateId) {
        return new Template(templateId);
    }

    /** An ad-hoc policy. */
    static Policy adHoc(Grant... grants) {
        return new AdHoc(List.of(grants));
    }

    /** An ad-hoc policy. */
    static Policy adHoc(List<Grant> grants) {
        return new AdHoc(grants);
    }
}
