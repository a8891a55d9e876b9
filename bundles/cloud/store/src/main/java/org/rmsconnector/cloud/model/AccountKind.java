package org.rmsconnector.cloud.model;

import java.util.Arrays;
import java.util.Locale;

/** What an authorized-servers entry names. */
public enum AccountKind {
    /** A service or user account. */
    ACCOUNT,
    /** A computer account; by directory convention its name ends with {@code $}. */
    COMPUTER,
    /** A group: all members share one certificate identity, so each owns what any of them protected. */
    GROUP;

    /**
     * Parses a kind name case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid kinds
     */
    public static AccountKind parse(String text) {
        return Enums.parse(AccountKind.class, text, "account kind");
    }

    /** Shared parsing for the administrative enums, so every bad value gets the same helpful message. */
    static final class Enums {
        private Enums() {
        }

        static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(what + " is missing: expected one of "
                        + Arrays.toString(type.getEnumConstants()));
            }
            try {
                return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown " + what + " '" + text + "': expected one of "
                        + Arrays.toString(type.getEnumConstants()), e);
            }
        }
    }
}
