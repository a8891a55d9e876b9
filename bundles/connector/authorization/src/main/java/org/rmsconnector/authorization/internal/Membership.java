package org.rmsconnector.authorization.internal;

import java.util.List;
import java.util.Set;

/**
 * What the directory knows of an account.
 *
 * @param aliases the names the directory gives the account's entry: its user principal name, and its sAMAccountName
 *        qualified with the entry's DNS domain ({@code alice@contoso.com}, {@code EXCH01$@contoso.com}), so an
 *        entry written in either form matches whichever the certificate carried. Empty when the directory has neither.
 * @param groups every group the account belongs to, nearest first
 */
public record Membership(Set<String> aliases, List<Group> groups) {

    /** Nothing known: no directory, an unknown account, or a directory that cannot be reached. */
    public static final Membership NONE = new Membership(Set.of(), List.of());

    public Membership {
        aliases = Set.copyOf(aliases);
        groups = List.copyOf(groups);
    }

    /**
     * One group.
     *
     * @param dn the group's distinguished name
     * @param names the names an administrator may write it by: its DN, and its cn, sAMAccountName, … qualified with
     *        the group's DNS domain ({@code RMS Servers@contoso.com}, which {@code CONTOSO\RMS Servers} and
     *        {@code RMS Servers} match)
     * @param depth 1 for a group the account is a direct member of, 2 for a group containing such a group, …
     */
    public record Group(String dn, Set<String> names, int depth) {
        public Group {
            names = Set.copyOf(names);
        }
    }
}
