package org.rmsconnector.cloud.model;

import java.util.Locale;
import java.util.Objects;

/**
 * An entry of the authorized-servers list: only the accounts listed may use a connector.
 *
 * @param account the account, computer ({@code HOST$}) or group name, as the administrator wrote it
 * @param kind    what the name denotes
 * @param role    the single workload this entry may act for
 */
public record AuthorizedServer(String account, AccountKind kind, ServerRole role) {

    /** Validates the entry. */
    public AuthorizedServer {
        Objects.requireNonNull(account, "account");
        account = account.strip();
        if (account.isEmpty() || account.length() > Principals.MAX_LENGTH) {
            throw new IllegalArgumentException("account name must have 1 to " + Principals.MAX_LENGTH + " characters");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        if (kind == AccountKind.COMPUTER && !account.endsWith("$")) {
            throw new IllegalArgumentException("computer account '" + account + "' must end with '$' (HOST$)");
        }
    }

    /**
     * Builds an entry from administrator input.
     *
     * @throws IllegalArgumentException for an unknown kind or role, with the valid values in the message
     */
    public static AuthorizedServer parse(String account, String kind, String role) {
        return new AuthorizedServer(account, AccountKind.parse(kind), ServerRole.parse(role));
    }

    /** The case-insensitive identity of the entry: one account cannot hold two roles. */
    public String key() {
        return account.toLowerCase(Locale.ROOT);
    }
}
