package org.rmsconnector.cloud.model;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A directory group. Members are named by key: users by UPN (or mail address), groups by name.
 * A member user need not be in the directory (an external address in a distribution list).
 *
 * @param name         canonical group name (lower case)
 * @param memberUsers  direct user members
 * @param memberGroups direct group members (nested groups)
 */
public record Group(String name, Set<String> memberUsers, Set<String> memberGroups) {

    /** Canonicalizes every name; sorted sets keep the record's text and storage order stable. */
    public Group {
        name = Principals.key(name, "group name");
        memberUsers = canonical(memberUsers, "member user");
        memberGroups = canonical(memberGroups, "member group");
    }

    /** A group with only user members. */
    public static Group ofUsers(String name, String... users) {
        return new Group(name, Set.of(users), Set.of());
    }

    /** Returns this group with one more nested group. */
    public Group withMemberGroup(String group) {
        Set<String> groups = new TreeSet<>(memberGroups);
        groups.add(group);
        return new Group(name, memberUsers, groups);
    }

    private static Set<String> canonical(Set<String> names, String what) {
        Set<String> out = new TreeSet<>();
        if (names != null) {
            for (String n : names) {
                out.add(Principals.key(n, what));
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
