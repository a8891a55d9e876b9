package org.rmsconnector.cloud.model;

import java.util.Locale;
import java.util.Objects;

/** Canonical spelling of principal identifiers (UPNs, e-mail addresses, group and account names). */
public final class Principals {

    /** The longest identifier the store keeps; longer names are refused early rather than by the database. */
    public static final int MAX_LENGTH = 256;

    private Principals() {
    }

    /**
     * Returns the canonical key of a principal name.
     * Directories compare UPNs, mail addresses and group names case-insensitively, so one
     * spelling everywhere keeps a grant to {@code Alice@Contoso.com} matching {@code alice@contoso.com}.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public static String key(String name, String what) {
        Objects.requireNonNull(name, what);
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return key;
    }

    /** Like {@link #key(String, String)} but maps null or blank to null, for optional identifiers. */
    public static String optionalKey(String name) {
        return name == null || name.isBlank() ? null : name.strip().toLowerCase(Locale.ROOT);
    }
}
