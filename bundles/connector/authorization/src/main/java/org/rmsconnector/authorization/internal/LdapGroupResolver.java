package org.rmsconnector.authorization.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.admin.DirectorySearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group membership from an LDAP directory (Active Directory or any RFC 4511 server), answered without making a
 * request thread wait for the directory.
 *
 * <p>For an account it finds the account's entry with the account filter, then its groups: from {@code memberOf} on
 * the entry, from a search for groups whose {@code member} is the entry, or both; then groups of those groups, level
 * by level up to the maximum depth, or in one search with Active Directory's in-chain matching rule
 * ({@link LdapDirectory}). Answers are cached per account for the time to live ({@link GroupCache}): a cached answer
 * completes the stage at once; an account not read yet (or expired) is read on this component's own threads and the
 * stage completes when the directory answers. A scheduled refresh on the same executor reads again, before they
 * expire, the accounts that keep calling. When the directory cannot be reached the resolver says so once in the
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
    /** Directory reads at once, at most; as many as the connection pool holds by default. */
    static final int THREADS = 4;
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
    /** Hands reads to the executor while the component is active; refuses them otherwise. */
    private final Executor reads = this::execute;
    private volatile GroupCache cache;
    /** Read without a lock by request threads handing over a read: they must never wait for a reconfiguration. */
    private volatile ScheduledThreadPoolExecutor executor;
    private ScheduledFuture<?> refreshing;

    @Activate
    public LdapGroupResolver(LdapConfiguration config) {
        this(config, Clock.systemUTC());
    }

    LdapGroupResolver(LdapConfiguration config, Clock clock) {
        this.clock = clock;
        this.cache = new GroupCache(new LdapDirectory(Settings.of(config), clock), clock, reads);
    }

    /** Starts the threads that read the directory and the scheduled refresh. */
    @Activate
    synchronized void start() {
        ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(THREADS, new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                Thread t = new Thread(task, "rms-ldap-groups-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });
        threads.setKeepAliveTime(30, TimeUnit.SECONDS);
        threads.allowCoreThreadTimeOut(true);   // no thread waits around for a directory nobody asks
        threads.setRemoveOnCancelPolicy(true);
        executor = threads;
        schedule();
    }

    @Modified
    synchronized void modified(LdapConfiguration config) {
        GroupCache old = cache;
        cache = new GroupCache(new LdapDirectory(Settings.of(config), clock), clock, reads);
        old.directory().close();
        schedule();
    }

    @Deactivate
    synchronized void deactivate() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            refreshing = null;
        }
        cache.directory().close();
        cache.abandon();   // reads that never started: their callers get what is known now
    }

    @Override
    public CompletionStage<Membership> membership(String account) {
        return cache.membership(account);
    }

    @Override
    public List<DirectoryEntry> search(String text, int limit) throws AdminException {
        return cache.directory().search(text, limit);
    }

    /** How many accounts the cache holds now. */
    int cachedAccounts() {
        return cache.size();
    }

    /**
     * How often the refresh runs: a quarter of the time to live, between 1 s and 1 min; an account is read again
     * when it would expire within two periods, so a late run still comes in time.
     */
    static Duration refreshPeriod(Duration ttl) {
        long quarter = ttl.toMillis() / 4;
        return Duration.ofMillis(Math.max(1_000, Math.min(60_000, quarter)));
    }

    /** One refresh now, on the calling thread; the schedule calls it on the executor. */
    int refreshNow() {
        GroupCache current = cache;
        return current.refresh(refreshPeriod(current.directory().settings().ttl()).multipliedBy(2));
    }

    private void schedule() {
        if (executor == null) {
            return;   // not active yet: start() schedules
        }
        if (refreshing != null) {
            refreshing.cancel(false);
            refreshing = null;
        }
        Settings settings = cache.directory().settings();
        if (!settings.configured() || settings.ttl().isZero()) {
            return;   // nothing to read, or nothing kept to refresh
        }
        long period = refreshPeriod(settings.ttl()).toMillis();
        refreshing = executor.scheduleWithFixedDelay(() -> {
            try {
                refreshNow();
            } catch (RuntimeException e) {
                LOG.error("the scheduled refresh of group membership failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void execute(Runnable read) {
        ScheduledThreadPoolExecutor threads = executor;
        if (threads == null) {
            throw new RejectedExecutionException("the LDAP group resolver is not active");
        }
        threads.execute(read);
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
