package org.rmsconnector.cloud.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.rmsconnector.protocol.Right;

/**
 * Rights given to a principal by a rights policy.
 *
 * @param kind      whom the grant names
 * @param principal canonical user or group name; null for {@link PrincipalKind#EVERYONE}
 * @param rights    the rights granted, never empty
 */
public record Grant(PrincipalKind kind, String principal, Set<Right> rights) {

    /** Validates the grant; an EnumSet copy keeps rights in declaration order, which the content hash relies on. */
    public Grant {
        Objects.requireNonNull(kind, "kind");
        if (kind == PrincipalKind.EVERYONE) {
            if (principal != null && !principal.isBlank()) {
                throw new IllegalArgumentException("an EVERYONE grant names no principal, got '" + principal + "'");
            }
            principal = null;
        } else {
            principal = Principals.key(principal, "grant principal");
            if (principal.length() > Principals.MAX_LENGTH) {
                throw new IllegalArgumentException("principal longer than " + Principals.MAX_LENGTH + " characters");
            }
        }
        if (rights == null || rights.isEmpty()) {
            throw new IllegalArgumentException("a grant must give at least one right");
        }
        rights = Collections.unmodifiableSet(EnumSet.copyOf(rights));
    }

    /** Grants rights to one user. */
    public static Grant user(String upn, Right... rights) {
        return new Grant(PrincipalKind.USER, upn, Set.of(rights));
    }

    /** Grants rights to the members of a group. */
    public static Grant group(String name, Right... rights) {
        return new Grant(PrincipalKind.GROUP, name, Set.of(rights));
    }

    /** Grants rights to every user of the tenant. */
    public static Grant everyone(Right... rights) {
        return new Grant(PrincipalKind.EVERYONE, null, Set.of(rights));
    }
}
