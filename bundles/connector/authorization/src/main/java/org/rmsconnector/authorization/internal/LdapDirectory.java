package org.rmsconnector.authorization.internal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.net.SocketFactory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.authorization.internal.LdapGroupResolver.Settings;
import org.rmsconnector.authorization.internal.Membership.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration's directory: its connection pool, the membership lookup and the administrator's search, and
 * whether the directory is in the pause after a failure. Every method here may wait for the directory (up to the
 * configured timeouts): {@link GroupCache} calls {@link #lookup} on the resolver's own threads only, never on a
 * request thread. Replaced as a whole when the configuration changes.
 */
final class LdapDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(LdapGroupResolver.class);
    private static final String PID = LdapGroupResolver.PID;

    private final Settings settings;
    private final Clock clock;
    private LDAPConnectionPool pool;
    private boolean closed;
    private volatile Instant retryAt = Instant.MIN;
    private volatile boolean down;

    LdapDirectory(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    Settings settings() {
        return settings;
    }

    /** Whether the directory failed a moment ago and is not to be asked again before the pause is over. */
    boolean paused() {
        return down && clock.instant().isBefore(retryAt);
    }

    /**
     * The account's membership as the directory gives it now. Blocks for the directory.
     *
     * @throws LDAPException the directory could not be asked; {@link #failed} says so and starts the pause
     */
    Membership membership(String account) throws LDAPException {
        Membership fresh = lookup(account);
        if (down) {
            down = false;
            LOG.info("the LDAP directory {} answers again; group membership is current", settings.url());
        }
        return fresh;
    }

    void failed(LDAPException e, String account, boolean haveCached) {
        synchronized (this) {
            if (closed) {
                // a read that was under way when the configuration changed: not the directory's fault
                LOG.debug("a group lookup for {} ended with the configuration it started with ({})", account,
                        e.getExceptionMessage());
                return;
            }
        }
        retryAt = clock.instant().plus(settings.retryAfter());
        discardPool();
        if (!down) {
            down = true;
            LOG.warn("the LDAP directory {} cannot be used for group membership ({}: {}). Until it answers,"
                    + " accounts keep the groups last read for them and accounts never read have none, so group"
                    + " entries of the authorized-servers list may not match. Trying again in {} s; check the"
                    + " URL, the bind account and the network ({}).", settings.url(), e.getResultCode(),
                    e.getExceptionMessage(), settings.retryAfter().toSeconds(), PID);
        } else {
            LOG.debug("LDAP still unavailable for {} ({}); using {}", account, e.getExceptionMessage(),
                    haveCached ? "the cached groups" : "no groups");
        }
    }

    List<DirectoryEntry> search(String text, int limit) throws AdminException {
        if (!settings.configured()) {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "no LDAP directory is configured, so"
                    + " there is nothing to search: set url, bind.dn, .bind.password and base.dn in " + PID
                    + " (or type the account as it should appear in the list)");
        }
        SearchRequest request = DirectoryQuery.request(settings, text, limit);
        List<SearchResultEntry> found;
        try {
            LDAPConnectionPool p = pool(true);
            try {
                found = p.search(request).getSearchEntries();
            } catch (LDAPSearchException e) {
                ResultCode rc = e.getResultCode();
                if (rc != ResultCode.SIZE_LIMIT_EXCEEDED && rc != ResultCode.TIME_LIMIT_EXCEEDED) {
                    throw e;
                }
                found = e.getSearchEntries(); // the first ones are enough for a picker
            }
        } catch (LDAPException e) {
            ResultCode rc = e.getResultCode();
            if (!rc.isConnectionUsable() || rc == ResultCode.INVALID_CREDENTIALS) {
                failed(e, "(directory search)", false);
            }
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "the LDAP directory " + settings.url()
                    + " could not be searched (" + rc + ": " + e.getExceptionMessage() + "); check the URL, the"
                    + " bind account, the base DN " + settings.baseDn() + " and the network (" + PID + ")", e);
        }
        if (down) {
            down = false;
            LOG.info("the LDAP directory {} answers again; group membership is current", settings.url());
        }
        return DirectoryQuery.entries(settings, found, limit);
    }

    synchronized void close() {
        closed = true;
        discardPool();
    }

    private synchronized void discardPool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    private synchronized LDAPConnectionPool pool(boolean duringPause) throws LDAPException {
        if (closed) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, "the LDAP configuration was replaced");
        }
        if (!duringPause && down && clock.instant().isBefore(retryAt)) {
            // another read found it down while this one waited for the lock: do not wait for a timeout again
            throw new LDAPException(ResultCode.CONNECT_ERROR, "still unavailable");
        }
        if (pool == null) {
            LDAPConnectionOptions options = new LDAPConnectionOptions();
            options.setConnectTimeoutMillis(settings.connectTimeoutMs());
            options.setResponseTimeoutMillis(settings.responseTimeoutMs());
            SocketFactory sockets = null;
            if ("ldaps".equalsIgnoreCase(settings.url().getScheme())) {
                sockets = tlsSockets();
                options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            }
            SingleServerSet server = new SingleServerSet(settings.url().getHost(), settings.url().getPort(),
                    sockets, options);
            BindRequest bind = settings.bindDn() == null ? null
                    : new SimpleBindRequest(settings.bindDn(), Objects.toString(settings.bindPassword(), ""));
            LDAPConnectionPool created = new LDAPConnectionPool(server, bind, 1, settings.maxConnections());
            created.setConnectionPoolName("rms-authorization-groups");
            created.setRetryFailedOperationsDueToInvalidConnections(true);
            created.setMaxWaitTimeMillis(settings.responseTimeoutMs());
            created.setCreateIfNecessary(true);
            pool = created;
        }
        return pool;
    }

    private SocketFactory tlsSockets() throws LDAPException {
        try {
            SSLUtil ssl = settings.tlsTrustStore() == null ? new SSLUtil(JVMDefaultTrustManager.getInstance())
                    : new SSLUtil(new TrustStoreTrustManager(settings.tlsTrustStore(),
                            Objects.toString(settings.tlsTrustStorePassword(), "").toCharArray(),
                            settings.tlsTrustStore().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12",
                            true));
            return ssl.createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, "cannot set up TLS for " + settings.url() + ": "
                    + e.getMessage(), e);
        }
    }

    private Membership lookup(String account) throws LDAPException {
        LDAPConnectionPool p = pool(false);
        String[] accountAttributes = {"memberOf", "sAMAccountName", "userPrincipalName"};
        SearchRequest find = new SearchRequest(settings.baseDn(), SearchScope.SUB,
                Filter.create(LdapGroupResolver.fill(settings.userFilter(), account)), accountAttributes);
        find.setSizeLimit(2);
        List<SearchResultEntry> entries;
        try {
            entries = p.search(find).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw e;
            }
            entries = e.getSearchEntries();
        }
        if (entries.isEmpty()) {
            LOG.debug("account {} is not in the directory under {}", account, settings.baseDn());
            return Membership.NONE;
        }
        if (entries.size() > 1) {
            LOG.warn("account {} matches several directory entries ({}, {}, …) with the filter {}; its groups"
                    + " are not used. Make the account filter in {} select one entry.", account,
                    entries.get(0).getDN(), entries.get(1).getDN(), settings.userFilter(), PID);
            return Membership.NONE;
        }
        SearchResultEntry entry = entries.get(0);
        Set<String> aliases = new LinkedHashSet<>();
        String[] sams = entry.getAttributeValues("sAMAccountName");
        if (sams != null) {
            Arrays.stream(sams).map(sam -> LdapGroupResolver.qualified(sam, entry.getDN())).forEach(aliases::add);
        }
        String[] upns = entry.getAttributeValues("userPrincipalName");
        if (upns != null) {
            aliases.addAll(Arrays.asList(upns));
        }
        return new Membership(aliases, groups(p, entry));
    }

    private List<Group> groups(LDAPConnectionPool p, SearchResultEntry account) throws LDAPException {
        Map<DN, SearchResultEntry> known = new LinkedHashMap<>();
        Set<DN> direct = parents(p, account, known);
        Map<DN, Integer> depth = new LinkedHashMap<>();
        if (settings.nesting() == LdapGroupResolver.Nesting.IN_CHAIN) {
            direct.forEach(dn -> depth.put(dn, 1));
            Filter chain = Filter.createANDFilter(settings.groupFilter(),
                    Filter.createExtensibleMatchFilter("member", LdapGroupResolver.IN_CHAIN_RULE, false, account.getDN()));
            for (SearchResultEntry group : search(p, settings.groupBaseDn(), SearchScope.SUB, chain)) {
                known.putIfAbsent(group.getParsedDN(), group);
                depth.putIfAbsent(group.getParsedDN(), 2);
            }
        } else {
            Set<DN> level = direct;
            for (int d = 1; d <= settings.maxDepth() && !level.isEmpty(); d++) {
                Set<DN> next = new LinkedHashSet<>();
                for (DN dn : level) {
                    if (depth.containsKey(dn)) {
                        continue; // a cycle, or a group already reached by a shorter path
                    }
                    SearchResultEntry group = read(p, dn, known);
                    if (group == null) {
                        continue; // not a group, gone, or not visible to the bind account
                    }
                    depth.put(dn, d);
                    next.addAll(parents(p, group, known));
                }
                next.removeAll(depth.keySet());
                level = next;
            }
            if (!level.isEmpty()) {
                LOG.warn("groups of {} nest deeper than {} levels; the deeper ones are not followed (max.depth in"
                        + " {})", account.getDN(), settings.maxDepth(), PID);
            }
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<DN, Integer> e : depth.entrySet()) {
            SearchResultEntry group = known.containsKey(e.getKey()) ? known.get(e.getKey()) : read(p, e.getKey(),
                    known);
            if (group != null) {
                out.add(new Group(group.getDN(), names(group), e.getValue()));
            }
        }
        out.sort((a, b) -> Integer.compare(a.depth(), b.depth()));
        return out;
    }

    /** The groups an entry is a direct member of, by the configured source. */
    private Set<DN> parents(LDAPConnectionPool p, SearchResultEntry entry, Map<DN, SearchResultEntry> known)
            throws LDAPException {
        Set<DN> parents = new LinkedHashSet<>();
        if (settings.source().memberOf()) {
            String[] values = entry.getAttributeValues("memberOf");
            if (values != null) {
                for (String value : values) {
                    try {
                        parents.add(new DN(value));
                    } catch (LDAPException e) {
                        LOG.debug("{}: ignored malformed memberOf '{}'", entry.getDN(), value);
                    }
                }
            }
        }
        if (settings.source().member()) {
            Filter members = Filter.createANDFilter(settings.groupFilter(),
                    Filter.createEqualityFilter("member", entry.getDN()));
            for (SearchResultEntry group : search(p, settings.groupBaseDn(), SearchScope.SUB, members)) {
                known.putIfAbsent(group.getParsedDN(), group);
                parents.add(group.getParsedDN());
            }
        }
        return parents;
    }

    private SearchResultEntry read(LDAPConnectionPool p, DN dn, Map<DN, SearchResultEntry> known)
            throws LDAPException {
        if (known.containsKey(dn)) {
            return known.get(dn);
        }
        List<SearchResultEntry> found;
        try {
            found = search(p, dn.toString(), SearchScope.BASE, settings.groupFilter());
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                known.put(dn, null);
                return null;
            }
            throw e;
        }
        SearchResultEntry group = found.isEmpty() ? null : found.get(0);
        known.put(dn, group);
        return group;
    }

    private List<SearchResultEntry> search(LDAPConnectionPool p, String base, SearchScope scope, Filter filter)
            throws LDAPException {
        List<String> attributes = new ArrayList<>(settings.nameAttributes());
        attributes.add("memberOf");
        SearchResult result = p.search(new SearchRequest(base, scope, filter, attributes.toArray(String[]::new)));
        return result.getSearchEntries();
    }

    private Set<String> names(SearchResultEntry group) {
        Set<String> names = new LinkedHashSet<>();
        names.add(group.getDN());
        for (String attribute : settings.nameAttributes()) {
            String[] values = group.getAttributeValues(attribute);
            if (values != null) {
                Arrays.stream(values).map(v -> LdapGroupResolver.qualified(v, group.getDN())).forEach(names::add);
            }
        }
        return names;
    }
}
