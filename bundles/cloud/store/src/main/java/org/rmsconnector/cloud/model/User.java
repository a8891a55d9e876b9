package org.rmsconnector.cloud.model;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A person of the tenant directory.
 *
 * @param upn         user principal name, the identity licenses are issued to (canonical lower case)
 * @param email       primary mail address, may differ from the UPN; null when unknown
 * @param displayName what people see; defaults to the UPN
 */
public record User(String upn, String email, String displayName) {

    /** Canonicalizes identifiers so that lookups need not care about case. */
    public User {
        upn = Principals.key(upn, "upn");
        email = Principals.optionalKey(email);
        displayName = displayName == null || displayName.isBlank() ? upn : displayName.strip();
    }

    /** A user known only by UPN. */
    public static User of(String upn) {
        return new User(upn, null, null);
    }

    /** Every identifier under which grants, owners and group memberships may name this user. */
    public Set<String> identifiers() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(upn);
        if (email != null) {
            ids.add(email);
        }
        return ids;
    }
}
