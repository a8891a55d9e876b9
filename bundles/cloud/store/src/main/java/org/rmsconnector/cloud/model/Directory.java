package org.rmsconnector.cloud.model;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;


/**
 * An immutable snapshot of the tenant's users and groups, answering membership questions
 * across nested groups. Membership cycles (A contains B contains A) are tolerated: directories
 * allow them and a rights decision must still terminate.
 */
public final class Directory {

    private static final Directory EMPTY = new Directory(List.of(), List.of());

    private final Map<String, User> usersByIdentifier;
    private final Map<String, Group> groupsByName;
    // reverse edges: which groups directly contain a user identifier / a group
    private final Map<String, Set<String>> groupsOfUser;
    private final Map<String, Set<String>> groupsOfGroup;
    // only directory users are cached, so names supplied by callers cannot grow it without bound
    private final Map<String, Set<String>> effectiveGroupsCache = new ConcurrentHashMap<>();

    private Directory(Collection<User> users, Collection<Group> groups) {
        Map<String, User> byId = new LinkedHashMap<>();
        for (User u : users) {
            for (String id : u.identifiers()) {
                User clash = byId.putIfAbsent(id, u);
                if (clash != null && !clash.equals(u)) {
                    throw new IllegalArgumentException("'" + id + "' identifies both " + clash.upn() + " and " + u.upn());
                }
            }
        }
        Map<String, Group> byName = new LinkedHashMap<>();
        Map<String, Set<String>> ofUser = new HashMap<>();
        Map<String, Set<String>> ofGroup = new HashMap<>();
        for (Group g : groups) {
            if (byName.putIfAbsent(g.name(), g) != null) {
                throw new IllegalArgumentException("duplicate group '" + g.name() + "'");
            }
            for (String member : g.memberUsers()) {
                ofUser.computeIfAbsent(member, k -> new HashSet<>()).add(g.name());
            }
            for (String member : g.memberGroups()) {
                ofGroup.computeIfAbsent(member, k -> new HashSet<>()).add(g.name());
            }
        }
        this.usersByIdentifier = Collections.unmodifiableMap(byId);
        this.groupsByName = Collections.unmodifiableMap(byName);
        this.groupsOfUser = ofUser;
        this.groupsOfGroup = ofGroup;
    }

    /**
     * A directory of these users and groups.
     *
     * @throws IllegalArgumentException when two users share an identifier or two groups a name
     */
    public static Directory of(Collection<User> users, Collection<Group> groups) {
        return new Directory(users, groups);
    }

    /** A directory with nobody in it. */
    public static Directory empty() {
        return EMPTY;
    }

    /** The user a UPN or mail address names. */
    public Optional<User> findUser(String upnOrEmail) {
        String key = Principals.optionalKey(upnOrEmail);
        return key == null ? Optional.empty() : Optional.ofNullable(usersByIdentifier.get(key));
    }

    /** Whether a UPN or mail address names a user of this directory. */
    public boolean containsUser(String upnOrEmail) {
        return findUser(upnOrEmail).isPresent();
    }

    /** The group of that name. */
    public Optional<Group> findGroup(String name) {
        String key = Principals.optionalKey(name);
        return key == null ? Optional.empty() : Optional.ofNullable(groupsByName.get(key));
    }

    /** Every user, each once. */
    public Collection<User> users() {
        return Set.copyOf(usersByIdentifier.values());
    }

    /** Every group. */
    public Collection<Group> groups() {
        return groupsByName.values();
    }

    /**
     * Every identifier that denotes the same person as {@code upnOrEmail}: the UPN and mail
     * address of a directory user, or just the canonical name for someone outside the directory.
     */
    public Set<String> identifiersOf(String upnOrEmail) {
        String key = Principals.key(upnOrEmail, "user");
        User u = usersByIdentifier.get(key);
        return u == null ? Set.of(key) : u.identifiers();
    }

    /**
     * The names of all groups the user belongs to, directly or through nested groups.
     * A user outside the directory may still be a direct member by address (external members of a list).
     */
    public Set<String> effectiveGroups(String upnOrEmail) {
        String key = Principals.key(upnOrEmail, "user");
        User u = usersByIdentifier.get(key);
        if (u == null) {
            return compute(Set.of(key));
        }
        return effectiveGroupsCache.computeIfAbsent(u.upn(), k -> compute(u.identifiers()));
    }

    /** Whether the user belongs to the group, directly or through nested groups. */
    public boolean isMember(String upnOrEmail, String group) {
        String groupKey = Principals.optionalKey(group);
        return groupKey != null && effectiveGroups(upnOrEmail).contains(groupKey);
    }

    private Set<String> compute(Set<String> identifiers) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String id : identifiers) {
            todo.addAll(groupsOfUser.getOrDefault(id, Set.of()));
        }
        while (!todo.isEmpty()) {
            String g = todo.pop();
            if (seen.add(g)) { // a group seen before is a cycle or a diamond: don't walk it twice
                todo.addAll(groupsOfGroup.getOrDefault(g, Set.of()));
            }
        }
        return Collections.unmodifiableSet(seen);
    }
}
