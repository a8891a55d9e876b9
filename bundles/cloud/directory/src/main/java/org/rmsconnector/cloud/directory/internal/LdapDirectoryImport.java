package org.rmsconnector.cloud.directory.internal;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;

import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.Principals;
import org.rmsconnector.cloud.model.User;

/**
 * Reads the tenant directory from an LDAP server (Active Directory or any RFC 4511 server): users,
 * groups and nested group membership, page by page.
 * Membership comes from group {@code member} DNs, from {@code memberOf} DNs, or both; a DN that
 * names a group found by the group search makes that group a nested member.
 */
public final class LdapDirectoryImport {

    private final LdapImportConfig config;
    private final SSLSocketFactory tlsSocketFactory;

    /**
     * @param config           where and what to read
     * @param tlsSocketFactory trusts the server's certificate for LDAPS and StartTLS; null for the
     *                         JVM's default trust store. Host names are always verified.
     */
    public LdapDirectoryImport(LdapImportConfig config, SSLSocketFactory tlsSocketFactory) {
        this.config = config;
        this.tlsSocketFactory = tlsSocketFactory;
    }

    /**
     * Connects, reads everything, disconnects.
     *
     * @throws DirectoryImportException when the server cannot be reached, refuses the bind or a search
     */
    public DirectoryImportResult run() throws DirectoryImportException {
        try (LDAPConnection connection = connect()) {
            List<String> warnings = new ArrayList<>();
            int[] pages = {0};
            Map<DN, GroupEntry> groups = new LinkedHashMap<>();
            Map<String, DN> groupNames = new HashMap<>();
            pages[0] += search(connection, config.groupBaseDn(), config.groupFilter(),
                    attributes(config.groupNameAttribute(), config.memberAttribute(), config.memberOfAttribute()),
                    entry -> readGroup(entry, groups, groupNames, warnings));
            Map<DN, UserEntry> users = new LinkedHashMap<>();
            Map<String, DN> upns = new HashMap<>();
            pages[0] += search(connection, config.userBaseDn(), config.userFilter(),
                    attributes(config.upnAttribute(), config.mailAttribute(), config.displayNameAttribute(),
                            config.memberOfAttribute()),
                    entry -> readUser(entry, users, upns, warnings));
            return new DirectoryImportResult(link(users, groups, warnings), pages[0], warnings);
        } catch (LDAPException e) {
            throw new DirectoryImportException("LDAP import from " + config.host() + ":" + config.port()
                    + " failed: " + e.getResultCode() + " " + e.getExceptionMessage(), e);
        }
    }

    private LDAPConnection connect() throws LDAPException, DirectoryImportException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        int millis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        options.setConnectTimeoutMillis(millis);
        options.setResponseTimeoutMillis(millis);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        LDAPConnection connection = switch (config.security()) {
            case LDAPS -> new LDAPConnection(tls(), options, config.host(), config.port());
            case NONE, STARTTLS -> new LDAPConnection(options, config.host(), config.port());
        };
        try {
            if (config.security() == LdapImportConfig.Security.STARTTLS) {
                ExtendedResult r = connection.processExtendedOperation(new StartTLSExtendedRequest(tls()));
                if (r.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(r);
                }
            }
            if (config.bindDn() != null) {
                connection.bind(config.bindDn(), config.bindPassword());
            }
            return connection;
        } catch (LDAPException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private SSLSocketFactory tls() throws DirectoryImportException {
        if (tlsSocketFactory != null) {
            return tlsSocketFactory;
        }
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new DirectoryImportException("no default TLS context for " + config.security(), e);
        }
    }

    /** Runs one search through the simple paged results control; returns the number of pages. */
    private int search(LDAPConnection connection, String baseDn, String filter, String[] attributes,
                       Consumer<SearchResultEntry> sink) throws LDAPException {
        Filter parsed = Filter.create(filter);
        ASN1OctetString cookie = null;
        int pages = 0;
        do {
            SearchRequest request = new SearchRequest(baseDn, SearchScope.SUB, parsed, attributes);
            request.setControls(new SimplePagedResultsControl(config.pageSize(), cookie));
            SearchResult result = connection.search(request);
            pages++;
            result.getSearchEntries().forEach(sink);
            SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
            // a server that ignores the (non-critical) control answers in one page and no cookie
            cookie = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
        } while (cookie != null);
        return pages;
    }

    private void readGroup(SearchResultEntry entry, Map<DN, GroupEntry> groups, Map<String, DN> groupNames,
                           List<String> warnings) {
        String name = entry.getAttributeValue(config.groupNameAttribute());
        if (name == null || name.isBlank()) {
            warnings.add("group " + entry.getDN() + " skipped: no " + config.groupNameAttribute());
            return;
        }
        try {
            DN dn = entry.getParsedDN();
            // names identify groups in grants, so two groups of one name would merge silently: keep the first
            DN clash = groupNames.putIfAbsent(Principals.key(name, "group name"), dn);
            if (clash != null) {
                warnings.add("group " + dn + " skipped: name '" + name + "' already used by " + clash);
                return;
            }
            groups.put(dn, new GroupEntry(name, dns(entry, config.memberAttribute(), warnings),
                    dns(entry, config.memberOfAttribute(), warnings)));
        } catch (LDAPException e) {
            warnings.add("group " + entry.getDN() + " skipped: " + e.getExceptionMessage());
        }
    }

    private void readUser(SearchResultEntry entry, Map<DN, UserEntry> users, Map<String, DN> upns,
                          List<String> warnings) {
        String upn = entry.getAttributeValue(config.upnAttribute());
        if (upn == null || upn.isBlank()) {
            warnings.add("user " + entry.getDN() + " skipped: no " + config.upnAttribute());
            return;
        }
        try {
            DN dn = entry.getParsedDN();
            String mail = config.mailAttribute() == null ? null : entry.getAttributeValue(config.mailAttribute());
            String display = config.displayNameAttribute() == null ? null
                    : entry.getAttributeValue(config.displayNameAttribute());
            User user = new User(upn, mail, display);
            for (String id : user.identifiers()) {
                DN other = upns.putIfAbsent(id, dn);
                if (other != null && !other.equals(dn)) {
                    warnings.add("user " + dn + " skipped: '" + id + "' already belongs to " + other);
                    return;
                }
            }
            users.put(dn, new UserEntry(user, dns(entry, config.memberOfAttribute(), warnings)));
        } catch (LDAPException | IllegalArgumentException e) {
            warnings.add("user " + entry.getDN() + " skipped: " + e.getMessage());
        }
    }

    private static Directory link(Map<DN, UserEntry> users, Map<DN, GroupEntry> groups, List<String> warnings) {
        Map<DN, Set<String>> memberUsers = new HashMap<>();
        Map<DN, Set<String>> memberGroups = new HashMap<>();
        for (Map.Entry<DN, GroupEntry> g : groups.entrySet()) {
            memberUsers.put(g.getKey(), new TreeSet<>());
            memberGroups.put(g.getKey(), new TreeSet<>());
        }
        int outside = 0;
        for (Map.Entry<DN, GroupEntry> g : groups.entrySet()) {
            for (DN member : g.getValue().members()) {
                if (users.containsKey(member)) {
                    memberUsers.get(g.getKey()).add(users.get(member).user().upn());
                } else if (groups.containsKey(member)) {
                    memberGroups.get(g.getKey()).add(groups.get(member).name());
                } else {
                    outside++; // outside the searched scope (other OU, contact, foreign principal)
                }
            }
            for (DN parent : g.getValue().memberOf()) {
                if (groups.containsKey(parent)) {
                    memberGroups.get(parent).add(g.getValue().name());
                }
            }
        }
        for (UserEntry u : users.values()) {
            for (DN parent : u.memberOf()) {
                if (groups.containsKey(parent)) {
                    memberUsers.get(parent).add(u.user().upn());
                }
            }
        }
        if (outside > 0) {
            warnings.add(outside + " member reference(s) point outside the imported users and groups");
        }
        List<Group> result = new ArrayList<>();
        for (Map.Entry<DN, GroupEntry> g : groups.entrySet()) {
            result.add(new Group(g.getValue().name(), memberUsers.get(g.getKey()), memberGroups.get(g.getKey())));
        }
        List<User> userList = users.values().stream().map(UserEntry::user).toList();
        return Directory.of(userList, result);
    }

    private static List<DN> dns(SearchResultEntry entry, String attribute, List<String> warnings) {
        if (attribute == null || !entry.hasAttribute(attribute)) {
            return List.of();
        }
        List<DN> out = new ArrayList<>();
        for (String value : entry.getAttributeValues(attribute)) {
            try {
                out.add(new DN(value));
            } catch (LDAPException e) {
                warnings.add(entry.getDN() + ": ignored malformed " + attribute + " value '" + value + "'");
            }
        }
        return out;
    }

    private static String[] attributes(String... names) {
        return Arrays.stream(names).filter(Objects::nonNull).distinct().toArray(String[]::new);
    }

    private record GroupEntry(String name, List<DN> members, List<DN> memberOf) {
    }

    private record UserEntry(User user, List<DN> memberOf) {
    }
}
