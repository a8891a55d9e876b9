package org.rmsconnector.cloud.licensing.internal.rights;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.rmsconnector.protocol.Right;

/** The outcome of a rights evaluation: rights and how long the use license lasts, or a refusal. */
public sealed interface Decision {

    /** Whether a license may be issued. */
    boolean isGranted();

    /** Why the requester got rights. */
    enum Basis {
        /** The requester owns the content. */
        OWNER,
        /** The requester is a super user of the tenant. */
        SUPER_USER,
        /** The content's policy grants the requester rights. */
        POLICY
    }

    /**
     * Rights granted.
     *
     * @param rights        never empty; when it holds OWNER it holds every right, since OWNER implies all
     * @param licenseExpiry until when the use license may be used without asking again
     * @param basis         why
     */
    record Granted(Set<Right> rights, Instant licenseExpiry, Basis basis) implements Decision {
        /** Expands OWNER to every right, so callers never have to know the implication. */
        public Granted {
            if (rights.isEmpty()) {
                throw new IllegalArgumentException("a grant without rights is a refusal");
            }
            EnumSet<Right> set = rights.contains(Right.OWNER) ? EnumSet.allOf(Right.class) : EnumSet.copyOf(rights);
            rights = Collections.unmodifiableSet(set);
            Objects.requireNonNull(licenseExpiry, "licenseExpiry");
            Objects.requireNonNull(basis, "basis");
        }

        @Override
        public boolean isGranted() {
            return true;
        }
    }

    /**
     * Refused.
     *
     * @param reason  stable code
     * @param message for people: administrators reading logs, users reading an error
     */
    record Refused(RefusalReason reason, String message) implements Decision {
        /** Requires both fields. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean isGranted() {
            return false;
        }
    }
}
