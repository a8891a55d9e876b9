package org.rmsconnector.admin.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;

/**
 * The connector must not run on a server it serves (as with the reference product, an Exchange, SharePoint or file
 * server must reach the connector over the network, not itself). WARN when this host is an authorized computer
 * entry ({@code HOST$}, {@code DOMAIN\HOST$}, {@code HOST} or its FQDN): the node still serves, so the load
 * balancer keeps it, but the message says how to fix it. Group entries cannot be checked here.
 */
@Component
@HealthCheckService(name = "RMS placement", tags = {"doctor", "rms"})
public class PlacementHealthCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PolicySource policies;

    private final Supplier<Set<String>> hostNames;

    @Activate
    public PlacementHealthCheck() {
        this(PlacementHealthCheck::localHostNames);
    }

    PlacementHealthCheck(Supplier<Set<String>> hostNames) {
        this.hostNames = hostNames;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        PolicySource source = policies;
        Optional<AuthorizationPolicy> policy = source == null ? Optional.empty() : source.current();
        Set<String> names = hostNames.get();
        if (policy.isEmpty()) {
            log.warn("cannot check whether this host ({}) is one of the servers it serves: there is no"
                    + " authorized-servers list yet; check the connection to the cloud (RMS cloud reachable)", names);
            return new Result(log);
        }
        List<AuthorizedServer> clashes = new ArrayList<>();
        for (AuthorizedServer entry : policy.get().entries()) {
            if (entry.kind() == AuthorizedServer.Kind.COMPUTER && namesThisHost(entry.account(), names)) {
                clashes.add(entry);
            }
        }
        if (clashes.isEmpty()) {
            log.info("this host ({}) is not an authorized server in list version {}", names, policy.get().version());
        }
        for (AuthorizedServer clash : clashes) {
            log.warn("the connector runs on {}, which is authorized as a {} server (entry '{}'): a server must not"
                    + " use a connector installed on itself; install the connector on a separate machine and point"
                    + " the {} servers at the load-balanced name", names, clash.role().id(), clash.account(),
                    clash.role().id());
        }
        return new Result(log);
    }

    /**
     * @param names this host's names, lower case; a name with a dot is a fully qualified one
     */
    static boolean namesThisHost(String account, Set<String> names) {
        String a = account.trim().toLowerCase(Locale.ROOT);
        int backslash = a.lastIndexOf('\\');
        if (backslash >= 0) {
            a = a.substring(backslash + 1);
        }
        int at = a.indexOf('@');
        if (at >= 0) {
            a = a.substring(0, at);
        }
        if (a.endsWith("$")) {
            a = a.substring(0, a.length() - 1);
        }
        if (a.isEmpty()) {
            return false;
        }
        boolean qualified = a.indexOf('.') > 0;
        // a qualified entry must equal one of our qualified names when we know one; else the short names decide
        boolean weKnowOurDomain = names.stream().anyMatch(n -> n.indexOf('.') > 0);
        for (String name : names) {
            boolean match = qualified && weKnowOurDomain ? a.equals(name)
                    : ConnectorUrls.shortName(a).equals(ConnectorUrls.shortName(name));
            if (match) {
                return true;
            }
        }
        return false;
    }

    static Set<String> localHostNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String env : new String[] {System.getenv("COMPUTERNAME"), System.getenv("HOSTNAME")}) {
            if (env != null && !env.isBlank()) {
                names.add(env.trim().toLowerCase(Locale.ROOT));
            }
        }
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName().toLowerCase(Locale.ROOT));
            names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            // no resolvable name: the environment's names are all there is
        }
        names.removeIf(n -> n.isEmpty() || Character.isDigit(n.charAt(0)) && n.matches("[0-9.]+"));
        return names;
    }
}
