package org.rmsconnector.cloud.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** When protected content stops being accessible to the people a policy grants rights to. */
public sealed interface ContentExpiry {

    /**
     * The instant after which content protected at {@code protectedAt} has expired,
     * or empty when it never expires.
     */
    Optional<Instant> notAfter(Instant protectedAt);

    /** Content never expires. */
    static ContentExpiry never() {
        return Never.INSTANCE;
    }

    /** Content expires at a fixed date, whenever it was protected. */
    static ContentExpiry onDate(Instant date) {
        return new OnDate(date);
    }

    /** Content expires a number of days after it was protected. */
    static ContentExpiry daysAfterProtection(int days) {
        return new DaysAfterProtection(days);
    }

    /** Content never expires. */
    record Never() implements ContentExpiry {
        static final Never INSTANCE = new Never();

        @Override
        public Optional<Instant> notAfter(Instant protectedAt) {
            return Optional.empty();
        }
    }

    /**
     * Content expires at a fixed date.
     *
     * @param date the expiry instant
     */
    record OnDate(Instant date) implements ContentExpiry {
        /** Requires a date. */
        public OnDate {
            Objects.requireNonNull(date, "date");
        }

        @Override
        public Optional<Instant> notAfter(Instant protectedAt) {
            return Optional.of(date);
        }
    }

    /**
     * Content expires a number of days after protection.
     *
     * @param days at least one
     */
    record DaysAfterProtection(int days) implements ContentExpiry {
        /** Refuses zero or negative periods, which would protect content nobody can open. */
        public DaysAfterProtection {
            if (days < 1) {
                throw new IllegalArgumentException("days after protection must be at least 1, got " + days);
            }
        }

        @Override
        public Optional<Instant> notAfter(Instant protectedAt) {
            return Optional.of(protectedAt.plus(Duration.ofDays(days)));
        }
    }
}
