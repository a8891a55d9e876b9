package org.rmsconnector.authorization.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;

import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.authorization.internal.LdapGroupResolver.Settings;

/**
 * The administrator's directory search: the request for a text fragment, and each entry found turned into the name
 * an authorized-servers entry would use. Plain Java; {@link LdapGroupResolver} runs it on its connection pool.
 */
final class DirectoryQuery {
    static final int MAX_LIMIT = 200;
    static final int MAX_TEXT = 256;
    /** The attributes a fragment is looked for in: account names, common name, display name, host name. */
    static final List<String> NAME_ATTRIBUTES = List.of("sAMAccountName", "uid", "userPrincipalName", "cn",
            "displayName", "dNSHostName");
    /** What an account is, besides computers and the configured groups. */
    private static final List<String> ACCOUNT_CLASSES = List.of("user", "person", "inetOrgPerson", "computer");

    private DirectoryQuery() {
    }

    /**
     * The search under the base DN for accounts, computers and groups with a name containing {@code text}.
     *
     * @throws AdminException INVALID for an empty or over-long text or a limit outside 1..{@value #MAX_LIMIT}
     */
    static SearchRequest request(Settings settings, String text, int limit) throws AdminException {
        String fragment = text == null ? "" : text.strip();
        if (fragment.isEmpty()) {
            throw new AdminException(AdminException.Reason.INVALID,
                    "text: give at least one character of the account, computer or group name");
        }
        if (fragment.length() > MAX_TEXT) {
            throw new AdminException(AdminException.Reason.INVALID, "text: at most " + MAX_TEXT + " characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new AdminException(AdminException.Reason.INVALID,
                    "limit: between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        List<Filter> kinds = new ArrayList<>();
        ACCOUNT_CLASSES.forEach(c -> kinds.add(Filter.createEqualityFilter("objectClass", c)));
        kinds.add(settings.groupFilter());
        // Built as a structure, never parsed from text: whatever the fragment holds ('*', ')', '\') it is one
        // substring assertion value, which the SDK encodes as such.
        List<Filter> names = new ArrayList<>();
        for (String attribute : NAME_ATTRIBUTES) {
            names.add(Filter.createSubstringFilter(attribute, null, new String[] {fragment}, null));
        }
        Filter filter = Filter.createANDFilter(Filter.createORFilter(kinds), Filter.createORFilter(names));
        Set<String> attributes = new LinkedHashSet<>(NAME_ATTRIBUTES);
        attributes.add("objectClass");
        attributes.addAll(settings.nameAttributes());
        SearchRequest request = new SearchRequest(settings.baseDn(), SearchScope.SUB, filter,
                attributes.toArray(String[]::new));
        request.setSizeLimit(limit);
        request.setTimeLimitSeconds(Math.max(1, (settings.responseTimeoutMs() + 999) / 1000));
        request.setResponseTimeoutMillis(settings.responseTimeoutMs());
        return request;
    }

    /** The entries as an administrator would enter them in the list, sorted by account; at most {@code limit}. */
    static List<DirectoryEntry> entries(Settings settings, List<? extends Entry> found, int limit) {
        List<DirectoryEntry> out = new ArrayList<>();
        for (Entry entry : found) {
            out.add(entry(settings, entry));
        }
        out.sort(Comparator.comparing((DirectoryEntry e) -> e.account().toLowerCase(Locale.ROOT))
                .thenComparing(DirectoryEntry::dn));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }

    static DirectoryEntry entry(Settings settings, Entry entry) {
        String dn = entry.getDN();
        AuthorizedServer.Kind kind;
        String account;
        if (entry.hasObjectClass("computer")) {
            kind = AuthorizedServer.Kind.COMPUTER;
            account = computerAccount(entry);
        } else if (isGroup(settings, entry)) {
            kind = AuthorizedServer.Kind.GROUP;
            account = groupName(settings, entry);
        } else {
            kind = AuthorizedServer.Kind.ACCOUNT;
            account = userAccount(entry);
        }
        String display = first(entry, "displayName");
        if (display == null) {
            display = first(entry, "cn");
        }
        return new DirectoryEntry(account, kind, display == null ? account : display, dn);
    }

    /** {@code HOST$}: the sAMAccountName Active Directory gives a computer, else its host or common name + $. */
    private static String computerAccount(Entry entry) {
        String sam = first(entry, "sAMAccountName");
        if (sam != null) {
            return sam.endsWith("$") ? sam : sam + "$";
        }
        String host = first(entry, "dNSHostName");
        String name = host != null ? host.split("\\.", 2)[0] : first(entry, "cn");
        return name == null ? entry.getDN() : name.toUpperCase(Locale.ROOT) + "$";
    }

    /** The group as the decision names it: its first configured name attribute (cn by default), else its DN. */
    private static String groupName(Settings settings, Entry entry) {
        for (String attribute : settings.nameAttributes()) {
            String value = first(entry, attribute);
            if (value != null) {
                return value;
            }
        }
        return entry.getDN();
    }

    /** {@code user@domain}: the UPN, else the sAMAccountName or uid qualified with the entry's domain, else the DN. */
    private static String userAccount(Entry entry) {
        String upn = first(entry, "userPrincipalName");
        if (upn != null) {
            return upn;
        }
        for (String attribute : List.of("sAMAccountName", "uid")) {
            String name = first(entry, attribute);
            if (name != null) {
                return LdapGroupResolver.qualified(name, entry.getDN());
            }
        }
        return entry.getDN();
    }

    private static boolean isGroup(Settings settings, Entry entry) {
        try {
            return settings.groupFilter().matchesEntry(entry);
        } catch (LDAPException e) {
            // a filter the client cannot evaluate (an extensible match): fall back to the usual group classes
            return entry.hasObjectClass("group") || entry.hasObjectClass("groupOfNames")
                    || entry.hasObjectClass("groupOfUniqueNames");
        }
    }

    private static String first(Entry entry, String attribute) {
        String value = entry.getAttributeValue(attribute);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
