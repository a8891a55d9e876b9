package org.rmsconnector.cloud.model;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tenant's super-user feature: super users may obtain licenses for any content, even expired content.
 *
 * @param enabled whether the feature is on; off, nobody is a super user
 * @param group   members of this group (nested included) are super users; null for none
 * @param users   named super users (UPNs or mail addresses)
 */
public record SuperUserConfig(boolean enabled, String group, Set<String> users) {

    /** Canonicalizes the names. */
    public SuperUserConfig {
        group = Principals.optionalKey(group);
        Set<String> canonical = new TreeSet<>();
        if (users != null) {
            for (String u : users) {
                canonical.add(Principals.key(u, "super user"));
            }
        }
        users = Collections.unmodifiableSet(canonical);
    }

    /** The feature off, nobody named. */
    public static SuperUserConfig disabled() {
        return new SuperUserConfig(false, null, Set.of());
    }
}
