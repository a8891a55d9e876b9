package org.rmsconnector.authorization.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.AuthorizationService;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicyListener;
import org.rmsconnector.commons.NodeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision: is this caller on the authorized-servers list, and in which role. The list in force is the newest the
 * {@link PolicySource} offers, whether it pushed it (this component is a {@link PolicyListener} on the whiteboard) or
 * the decision asked for it; when the source goes away (its bundle is being updated) the last list stays in force.
 * Matching follows {@link AccountName} and, between several matching entries, {@link PolicyIndex}.
 *
 * <p>Events: 1002 the first time an account is authorized on this node, 2002 once per account that uses plain HTTP,
 * 1003 when such an account comes back over HTTPS, 2003 when a list without entries comes into force. The relay
 * raises 2000 and 2001 itself.
 */
@Component(service = {AuthorizationService.class, PolicyListener.class, PolicyInForce.class},
        configurationPid = PolicyAuthorizationService.PID)
@Designate(ocd = AuthorizationConfiguration.class)
public class PolicyAuthorizationService implements AuthorizationService, PolicyListener, PolicyInForce {
    static final String PID = "org.rmsconnector.authorization";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyAuthorizationService.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile GroupResolver groupResolver;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    /** The configuration as the decision uses it. */
    private record Settings(boolean refusePlainHttp, Map<String, String> netbiosAliases) {
    }

    private final EventPoster events;
    private volatile Settings settings;
    private volatile PolicyIndex inForce;
    private long emptyReported = Long.MIN_VALUE;
    private volatile boolean warnedNoPolicy;
    // per node and in memory, by the account's lower-case name: these only drive events
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedPlain = ConcurrentHashMap.newKeySet();
    private final Set<String> onPlainHttp = ConcurrentHashMap.newKeySet();

    @Activate
    public PolicyAuthorizationService(AuthorizationConfiguration config, BundleContext context) {
        this(config, NodeName.resolve(null, context.getProperty(NodeName.PROPERTY)));
    }

    PolicyAuthorizationService(AuthorizationConfiguration config, String node) {
        this.events = new EventPoster(() -> eventAdmin, node);
        modified(config);
    }

    @Modified
    void modified(AuthorizationConfiguration config) {
        Map<String, String> aliases = new HashMap<>();
        for (String pair : config.netbios_domains()) {
            int eq = pair == null ? -1 : pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                LOG.error("netbios.domains value '{}' in {} is not NETBIOS=dns.domain; ignored", pair, PID);
                continue;
            }
            aliases.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    pair.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
        }
        settings = new Settings(config.refuse_plain_http(), Map.copyOf(aliases));
        if (config.refuse_plain_http()) {
            LOG.info("callers over plain HTTP are refused (refuse.plain.http in {})", PID);
        }
    }

    @Override
    public void policyChanged(AuthorizationPolicy policy) {
        if (policy != null) {
            adopt(policy);
        }
    }

    /** Waits for the directory when the caller's groups are not known yet: not for request threads. */
    @Override
    public Optional<Authorization> authorize(Caller caller) {
        return authorizeAsync(caller).toCompletableFuture().join();
    }

    /**
     * Complete at once when the caller's own entry decides or its groups are cached; otherwise the rest of the
     * decision (and its events) runs on the group resolver's thread when the directory has answered.
     */
    @Override
    public CompletionStage<Optional<Authorization>> authorizeAsync(Caller caller) {
        PolicyIndex index = current();
        if (index == null) {
            // said once at WARN (the health check is CRITICAL meanwhile), then for each caller at DEBUG
            if (!warnedNoPolicy) {
                warnedNoPolicy = true;
                LOG.warn("refusing {} from {}: no authorized-servers list is in force on this node yet (no cloud and"
                        + " no last-known-good copy); every caller is refused until one arrives", caller.account(),
                        caller.remoteAddress());
            } else {
                LOG.debug("refusing {} from {}: no authorized-servers list in force", caller.account(),
                        caller.remoteAddress());
            }
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Settings s = settings;
        return index.decide(caller.account(), this::membership, s.netbiosAliases())
                .thenApply(match -> conclude(caller, index, s, match));
    }

    /** The decision once the matching entry (if any) is known: refusals for plain HTTP, and the events. */
    private Optional<Authorization> conclude(Caller caller, PolicyIndex index, Settings s,
            Optional<PolicyIndex.Match> match) {
        if (match.isEmpty()) {
            LOG.debug("{} matches no entry of the authorized-servers list version {}", caller.account(),
                    index.version());
            return Optional.empty();
        }
        AuthorizedServer entry = match.get().entry().server();
        String key = caller.account().trim().toLowerCase(Locale.ROOT);
        Map<String, Object> props = Map.of("account", caller.account(), "host", caller.remoteAddress());
        if (!caller.secureChannel()) {
            onPlainHttp.add(key);
            boolean first = warnedPlain.add(key);
            if (s.refusePlainHttp()) {
                String why = "account " + caller.account() + " (entry " + entry.account() + ", role "
                        + entry.role().id() + ") is refused because it uses plain HTTP and this connector requires"
                        + " HTTPS (refuse.plain.http); configure the server to use https://";
                LOG.warn("{} from {}", why, caller.remoteAddress());
                if (first) {
                    events.post(ConnectorEvent.PLAIN_HTTP, why, with(props, "refused", true));
                }
                return Optional.empty();
            }
            if (first) {
                String why = "account " + caller.account() + " uses plain HTTP: its requests cross the network"
                        + " unencrypted; configure the server to use https://";
                LOG.warn("{} (from {})", why, caller.remoteAddress());
                events.post(ConnectorEvent.PLAIN_HTTP, why, with(props, "refused", false));
            }
        } else if (onPlainHttp.remove(key)) {
            events.post(ConnectorEvent.SWITCHED_TO_HTTPS, "account " + caller.account()
                    + " switched from HTTP to HTTPS", props);
        }
        if (connected.add(key)) {
            Map<String, Object> first = new HashMap<>(props);
            first.put("entry", entry.account());
            first.put("role", entry.role().id());
            first.put("policyVersion", index.version());
            first.put("mechanism", caller.mechanism());
            events.post(ConnectorEvent.FIRST_CONNECTION, "authorized account " + caller.account()
                    + " connected for the first time (entry " + entry.account() + ", role " + entry.role().id()
                    + ")", first);
        }
        LOG.debug("{} authorized as {} by entry {} ({})", caller.account(), entry.role().id(), entry.account(),
                match.get().via());
        return Optional.of(new Authorization(entry.account(), entry.role(), index.version()));
    }

    @Override
    public long policyVersion() {
        PolicyIndex index = current();
        return index == null ? 0 : index.version();
    }

    @Override
    public Optional<Instant> policyUpdated() {
        PolicyIndex index = current();
        return index == null ? Optional.empty() : Optional.of(index.policy().confirmedAt());
    }

    @Override
    public Optional<AuthorizationPolicy> policyInForce() {
        return Optional.ofNullable(current()).map(PolicyIndex::policy);
    }

    private CompletionStage<Membership> membership(String account) {
        GroupResolver resolver = groupResolver;
        return resolver == null ? CompletableFuture.completedFuture(Membership.NONE) : resolver.membership(account);
    }

    /**
     * The list in force. It arrives only by push ({@link #policyChanged}): the transport tells every listener the
     * list at once when the listener registers, so no reference back to the source is needed (which would make a
     * service cycle between the two bundles).
     */
    private PolicyIndex current() {
        return inForce;
    }

    private synchronized void adopt(AuthorizationPolicy policy) {
        PolicyIndex held = inForce;
        if (held != null) {
            AuthorizationPolicy old = held.policy();
            if (old.equals(policy) || policy.version() < old.version()
                    || policy.version() == old.version() && policy.confirmedAt().isBefore(old.confirmedAt())) {
                return; // the same list, or an older one arriving late
            }
        }
        inForce = new PolicyIndex(policy);
        if (held == null || held.version() != policy.version()) {
            LOG.info("authorized-servers list version {} in force: {} entries{}", policy.version(),
                    policy.entries().size(), policy.fromCache() ? ", from the last-known-good copy" : "");
        }
        if (policy.entries().isEmpty() && emptyReported != policy.version()) {
            emptyReported = policy.version();
            events.post(ConnectorEvent.POLICY_EMPTY, "the authorized-servers list (version " + policy.version()
                    + ") is empty: every caller is refused; add the on-premises servers in the cloud's"
                    + " authorized-servers administration", Map.of("policyVersion", policy.version()));
        }
    }

    private static Map<String, Object> with(Map<String, Object> props, String key, Object value) {
        Map<String, Object> out = new HashMap<>(props);
        out.put(key, value);
        return out;
    }
}
