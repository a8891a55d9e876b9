package org.rmsconnector.doctor.internal;

import java.net.URI;
import java.util.Locale;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;

/**
 * Whether the cloud answers now: probes it through the transport's own client, so through the proxy when one is
 * set. CRITICAL when it does not (or the breaker is open), WARN when it answers with something unexpected.
 */
@Component
@HealthCheckService(name = "RMS cloud reachable", tags = {"doctor"})
public class CloudReachableCheck implements HealthCheck {

    private final CloudConnection connection;

    @Activate
    public CloudReachableCheck(@Reference(name = "connection", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) CloudConnection connection) {
        this.connection = connection;
    }

    @Override
    public Result execute() {
        return connection == null ? Findings.noTransport() : evaluate(connection.probe());
    }

    /** The finding for what the probe or the cloud said (public for the transport's integration tests). */
    public static Result evaluate(CloudStatus s) {
        String route = s.serviceUrl() + (s.proxy() == null ? " directly" : " through the proxy " + s.proxy());
        if (s.reachable() && s.problem() == null) {
            String took = s.roundTrip() == null ? "" : " in " + s.roundTrip().toMillis() + " ms";
            return Findings.of(Result.Status.OK, "the cloud answered" + took + ", reached " + route);
        }
        if (s.reachable()) {
            return Findings.of(Result.Status.WARN, "the cloud at " + route + " answers, but: " + s.problem() + ". Fix: "
                    + fix(s));
        }
        return Findings.of(Result.Status.CRITICAL, "the cloud cannot be reached " + route + ": " + s.problem()
                + ". Fix: " + fix(s));
    }

    /** What to do, from what went wrong. */
    static String fix(CloudStatus s) {
        String problem = s.problem() == null ? "" : s.problem().toLowerCase(Locale.ROOT);
        URI url = s.serviceUrl();
        String target = url.getHost() + ":" + (url.getPort() == -1 ? 443 : url.getPort());
        if (problem.contains("(407)")) {
            return "set proxy.user and .proxy.password in " + Findings.PID + " to an account the proxy accepts";
        }
        if (problem.contains("pkix") || problem.contains("certificate") || problem.contains("handshake")
                || problem.contains("ssl")) {
            return "make trust.store in " + Findings.PID + " hold the certificate (or its CA) the cloud presents at "
                    + target + ", and make cloud.url use a host name that certificate names";
        }
        if (problem.contains("circuit breaker")) {
            return "nothing, if the cloud is back: the next call probes it and closes the breaker; otherwise see the"
                    + " last problem and check that " + target + " is up";
        }
        if (problem.contains("http ") || problem.contains("server information")) {
            return "check that cloud.url (or environment) in " + Findings.PID + " names the tenant's cloud service,"
                    + " and that the service runs";
        }
        if (s.proxy() != null) {
            return "check that the proxy " + s.proxy() + " runs and allows CONNECT to " + target + " (proxy.host and"
                    + " proxy.port in " + Findings.PID + "), and that the cloud service runs";
        }
        return "check that this node can open HTTPS to " + target + " (DNS, firewall), that cloud.url (or environment)"
                + " in " + Findings.PID + " names the tenant's cloud service, and set proxy.host and proxy.port if"
                + " the network requires a web proxy";
    }
}
