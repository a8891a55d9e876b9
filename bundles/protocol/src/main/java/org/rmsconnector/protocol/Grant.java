package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/**
 * Rights granted to one principal (a user's email/UPN or a group) in an ad-hoc policy.
 *
 * @param principal who is granted
 * @param rights    what is granted; never empty
 */
public record Grant(String principal, Set<Right> rights) {

    /** Validates and freezes the grant. */
    public Grant {
        ServerCertificate.requireText(principal, "grant principal");
        if (rights == null || rights.isEmpty()) {
            throw new IllegalArgumentException("grant for " + principal + ": rights must not be empty");
        }
        rights = Collections.unmodifiableSet(EnumSet.copyOf(rights));
    }

    /** Convenience: a grant of the listed rights. */
    public static Grant of(String principal, Right first, Right... more) {
        return new Grant(principal, EnumSet.of(first, more));
    }

    Map<String, Object> toMap() {
        return Json.object().put("principal", principal).put("rights", rightNames(rights)).map();
    }

    static Grant fromFields(Fields f) throws ProtocolException {
        return new Grant(f.string("principal"), rights(f, "rights"));
    }

    /** Enum names in declaration order: the wire form of a set of rights. */
    static List<String> rightNames(Set<Right> rights) {
        List<String> names = new ArrayList<>(rights.size());
        for (Right r : EnumSet.copyOf(rights)) {
            names.add(r.name());
        }
        return names;
    }

    static Set<Right> rights(Fields f, String field) throws ProtocolException {
        List<String> names = f.strings(field);
        if (names.isEmpty()) {
            throw f.malformed(field, "must not be empty");
        }
        EnumSet<Right> out = EnumSet.noneOf(Right.class);
        for (String n : names) {
            try {
                out.add(Right.valueOf(n));
            } catch (IllegalArgumentException e) {
                throw f.malformed(field, "unknown right '" + n + "'");
            }
        }
        return out;
    }
}
