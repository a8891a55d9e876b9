package org.rmsconnector.authorization.internal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.SocketFactory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.admin.DirectorySearch;
import org.rmsconnector.authorization.internal.Membership.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group membership from an LDAP directory (Active Directory or any RFC 4511 server), with a bounded cache.
 *
 * <p>For an account it finds the account's entry with the account filter, then its groups: from {@code memberOf} on
 * the entry, from a search for groups whose {@code member} is the entry, or both; then groups of those groups, level
 * by level up to the maximum depth, or in one search with Active Directory's in-chain matching rule. Answers are
 * cached per account for the time to live. When the directory cannot be reached the resolver says so once in the
 * log, answers with the last membership it knew for the account (however old) or none, and tries the directory
 * again after a pause.
 *
 * <p>The same directory, configuration and connections answer the administrator's {@link DirectorySearch} (see
 * {@link DirectoryQuery}); a search is always tried, even during the pause after a failure, because an administrator
 * asks once and wants the directory's answer now.
 */
@Component(service = {GroupResolver.class, DirectorySearch.class}, configurationPid = LdapGroupResolver.PID)
@Designate(ocd = LdapConfiguration.class)
public class LdapGroupResolver implements GroupResolver, DirectorySearch {
    static final String PID = "org.rmsconnector.authorization.ldap";
    /** Active Directory's LDAP_MATCHING_RULE_IN_CHAIN: transitive membership in one filter. */
    static final String IN_CHAIN_RULE = "1.2.840.113556.1.4.1941";
    private static final Logger LOG = LoggerFactory.getLogger(LdapGroupResolver.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(sam|upn|account)\\}");

    enum Source {
        MEMBER_OF, MEMBER, BOTH;

        boolean memberOf() {
            return this != MEMBER;
        }

        boolean member() {
            return this != MEMBER_OF;
        }
    }

    enum Nesting { REPEATED, IN_CHAIN }

    private final Clock clock;
    private volatile Directory directory;

    @Activate
    public LdapGroupResolver(LdapConfiguration config) {
        this(config, Clock.systemUTC());
    }

    LdapGroupResolver(LdapConfiguration config, Clock clock) {
        this.clock = clock;
        this.directory = new Directory(Settings.of(config));
    }

    @Modified
    void modified(LdapConfiguration config) {
        Directory old = directory;
        directory = new Directory(Settings.of(config));
        old.close();
    }

    @Deactivate
    void deactivate() {
        directory.close();
    }

    @Override
    public Membership membership(String account) {
        return directory.membership(account);
    }

    @Override
    public List<DirectoryEntry> search(String text, int limit) throws AdminException {
        return directory.search(text, limit);
    }

    /** How many accounts the cache holds now. */
    int cachedAccounts() {
        return directory.cacheSize();
    }

    /** The configuration, checked once. A null URL means no directory. */
    record Settings(LDAPURL url, String bindDn, String bindPassword, String baseDn, String userFilter,
            String groupBaseDn, Filter groupFilter, Source source, Nesting nesting, int maxDepth,
            List<String> nameAttributes, Duration ttl, int maxEntries, int connectTimeoutMs, int responseTimeoutMs,
            Duration retryAfter, int maxConnections, String tlsTrustStore, String tlsTrustStorePassword) {

        static Settings of(LdapConfiguration c) {
            LDAPURL url = null;
            Filter groupFilter = null;
            String text = c.url() == null ? "" : c.url().trim();
            if (!text.isEmpty()) {
                try {
                    url = new LDAPURL(text);
                    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
                        throw new LDAPException(ResultCode.PARAM_ERROR, "the scheme must be ldap or ldaps");
                    }
                    if (!url.hostProvided()) {
                        throw new LDAPException(ResultCode.PARAM_ERROR, "the URL names no host");
                    }
                    groupFilter = Filter.create(c.group_filter());
                    Filter.create(fill(c.user_filter(), "alice@contoso.com"));
                } catch (LDAPException e) {
                    LOG.error("the LDAP configuration {} is not usable ({}): no groups are looked up, only account"
                            + " and computer entries of the authorized-servers list match", PID,
                            e.getExceptionMessage());
                    url = null;
                }
            }
            String base = blank(c.base_dn()) ? "" : c.base_dn().trim();
            return new Settings(url, blank(c.bind_dn()) ? null : c.bind_dn().trim(), Secrets.resolve(c._bind_password(),
                    PID + " .bind.password"), base,
                    c.user_filter(), blank(c.group_base_dn()) ? base : c.group_base_dn().trim(), groupFilter,
                    enumValue(Source.class, c.membership(), Source.BOTH, "membership"),
                    enumValue(Nesting.class, c.nested(), Nesting.REPEATED, "nested"), Math.max(1, c.max_depth()),
                    c.group_name_attributes() == null ? List.of()
                            : Arrays.stream(c.group_name_attributes()).filter(a -> !blank(a)).map(String::trim)
                                    .toList(),
                    Duration.ofSeconds(Math.max(0, c.cache_ttl_seconds())), Math.max(1, c.cache_max_entries()),
                    Math.max(1, c.connect_timeout_ms()), Math.max(1, c.response_timeout_ms()),
                    Duration.ofSeconds(Math.max(0, c.retry_after_failure_seconds())), Math.max(1,
                            c.max_connections()),
                    blank(c.tls_truststore_path()) ? null : c.tls_truststore_path().trim(),
                    Secrets.resolve(c._tls_truststore_password(), PID + " .tls.truststore.password"));
        }

        boolean configured() {
            return url != null;
        }
    }

    /** The account filter with its placeholders filled, values escaped. */
    static String fill(String template, String account) {
        String a = account.trim();
        String sam = a;
        String upn = a;
        int backslash = a.indexOf('\\');
        int at = a.lastIndexOf('@');
        if (backslash >= 0) {
            sam = a.substring(backslash + 1);
            upn = sam;
        } else if (at >= 0) {
            sam = a.substring(0, at);
        }
        Map<String, String> values = Map.of("sam", sam, "upn", upn, "account", a);
        // one pass, so a value that happens to contain "{upn}" is not filled in again
        return PLACEHOLDER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(
                Filter.encodeValue(values.get(m.group(1)))));
    }

    /** One membership answer and when the directory gave it. */
    private record Cached(Membership membership, Instant fetched) {
    }

    /** One configuration's connection pool, cache and failure state; replaced as a whole when the configuration changes. */
    private final class Directory {
        private final Settings settings;
        private final Map<String, Cached> cache;
        private LDAPConnectionPool pool;
        private boolean closed;
        private volatile Instant retryAt = Instant.MIN;
        private volatile boolean down;

        Directory(Settings settings) {
            this.settings = settings;
            int max = settings.maxEntries();
            this.cache = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    return size() > max;
                }
            };
            if (settings.configured()) {
                LOG.info("group membership is read from {} (base {}, membership from {}, nested groups by {}, cached"
                        + " {} s)", settings.url(), settings.baseDn(), settings.source(), settings.nesting(),
                        settings.ttl().toSeconds());
            } else {
                LOG.info("no LDAP directory is configured ({}: url): only account and computer entries of the"
                        + " authorized-servers list can match, group entries never do", PID);
            }
        }

        Membership membership(String account) {
            if (!settings.configured() || account == null || account.isBlank()) {
                return Membership.NONE;
            }
            String key = account.trim().toLowerCase(Locale.ROOT);
            Instant now = clock.instant();
            Cached cached;
            synchronized (cache) {
                cached = cache.get(key);
            }
            if (cached != null && now.isBefore(cached.fetched().plus(settings.ttl()))) {
                return cached.membership();
            }
            if (down && now.isBefore(retryAt)) {
                return cached != null ? cached.membership() : Membership.NONE;
            }
            try {
                Membership fresh = lookup(account);
                if (down) {
                    down = false;
                    LOG.info("the LDAP directory {} answers again; group membership is current", settings.url());
                }
                synchronized (cache) {
                    cache.put(key, new Cached(fresh, clock.instant()));
                }
                return fresh;
            } catch (LDAPException e) {
                failed(e, account, cached != null);
                return cached != null ? cached.membership() : Membership.NONE;
            }
        }

        private void failed(LDAPException e, String account, boolean haveCached) {
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

        int cacheSize() {
            synchronized (cache) {
                return cache.size();
            }
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
                // another request found it down while this one waited for the lock: do not wait for a timeout again
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
                    Filter.create(fill(settings.userFilter(), account)), accountAttributes);
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
                Arrays.stream(sams).map(sam -> qualified(sam, entry.getDN())).forEach(aliases::add);
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
            if (settings.nesting() == Nesting.IN_CHAIN) {
                direct.forEach(dn -> depth.put(dn, 1));
                Filter chain = Filter.createANDFilter(settings.groupFilter(),
                        Filter.createExtensibleMatchFilter("member", IN_CHAIN_RULE, false, account.getDN()));
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
                    Arrays.stream(values).map(v -> qualified(v, group.getDN())).forEach(names::add);
                }
            }
            return names;
        }
    }

    /**
     * A name the directory gives an entry, qualified with the entry's DNS domain ({@code alice} in
     * {@code CN=Alice,OU=People,DC=contoso,DC=com} → {@code alice@contoso.com}): a sAMAccountName or a group's name
     * is unique in its domain only, so the decision can tell {@code alice@contoso.com} from {@code alice@fabrikam.com}
     * and {@code CONTOSO\RMS Servers} from {@code FABRIKAM\RMS Servers}. Left bare outside a DC-named tree, or when it
     * is already qualified.
     */
    static String qualified(String name, String entryDn) {
        String domain = dnsDomain(entryDn);
        return domain == null || name.indexOf('@') >= 0 || name.indexOf('\\') >= 0 ? name : name + "@" + domain;
    }

    /** The DNS domain of a DN: its DC components, in order; null when it has none. */
    static String dnsDomain(String baseDn) {
        try {
            List<String> labels = new ArrayList<>();
            for (com.unboundid.ldap.sdk.RDN rdn : new DN(baseDn).getRDNs()) {
                String[] names = rdn.getAttributeNames();
                if (names.length == 1 && "dc".equalsIgnoreCase(names[0])) {
                    labels.add(rdn.getAttributeValues()[0]);
                }
            }
            return labels.isEmpty() ? null : String.join(".", labels).toLowerCase(Locale.ROOT);
        } catch (LDAPException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, E fallback, String property) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (RuntimeException e) {
            LOG.error("{} '{}' in {} is not one of {}; using {}", property, value, PID,
                    Arrays.toString(type.getEnumConstants()), fallback);
            return fallback;
        }
    }
}
