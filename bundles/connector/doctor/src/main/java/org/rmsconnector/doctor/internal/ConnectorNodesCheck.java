package org.rmsconnector.doctor.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.RegisteredConnector;

/**
 * Whether the tenant has a second connector node to fail over to: at least {@link #WANTED} registered nodes the
 * cloud saw within {@link #SEEN_WITHIN}. WARN with fewer (a single node is a single point of failure for every
 * on-premises server).
 */
@Component
@HealthCheckService(name = "RMS connector nodes", tags = {"doctor"})
public class ConnectorNodesCheck implements HealthCheck {

    static final int WANTED = 2;
    static final Duration SEEN_WITHIN = Duration.ofHours(1);

    private final CloudConnection connection;
    private final Clock clock;

    @Activate
    public ConnectorNodesCheck(@Reference(name = "connection", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) CloudConnection connection) {
        this.connection = connection;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Result execute() {
        if (connection == null) {
            return Findings.noTransport();
        }
        try {
            return evaluate(connection.connectors(), clock.instant());
        } catch (AdminException e) {
            return unavailable(e);
        }
    }

    static Result unavailable(AdminException e) {
        if (e.reason() == AdminException.Reason.UNAVAILABLE) {
            return Findings.of(Result.Status.TEMPORARILY_UNAVAILABLE, "cannot list the connector nodes: "
                    + e.getMessage() + ". Fix: make the cloud reachable first (see 'RMS cloud reachable')");
        }
        return Findings.of(Result.Status.WARN, "cannot list the connector nodes: " + e.getMessage() + ". Fix: see"
                + " 'RMS connector credentials': this node must be registered and its credentials accepted");
    }

    /** The finding for what the probe or the cloud said (public for the transport's integration tests). */
    public static Result evaluate(List<RegisteredConnector> nodes, Instant now) {
        Instant since = now.minus(SEEN_WITHIN);
        List<RegisteredConnector> alive = nodes.stream()
                .filter(n -> n.lastSeen() != null && n.lastSeen().isAfter(since)).collect(Collectors.toList());
        String names = alive.stream().map(RegisteredConnector::name).collect(Collectors.joining(", "));
        if (alive.size() >= WANTED) {
            return Findings.of(Result.Status.OK, alive.size() + " of " + nodes.size() + " registered connector nodes"
                    + " were seen in the last hour: " + names);
        }
        String silent = nodes.stream().filter(n -> !alive.contains(n)).map(RegisteredConnector::name)
                .collect(Collectors.joining(", "));
        return Findings.of(Result.Status.WARN, (alive.isEmpty() ? "no connector node was" : "only one connector node"
                + " (" + names + ") was") + " seen by the cloud in the last hour, of " + nodes.size() + " registered"
                + (silent.isEmpty() ? "" : " (not seen: " + silent + ")") + ": when it stops, every on-premises server"
                + " loses rights management. Fix: run a second node behind the connector's load-balanced name and"
                + " register it" + (silent.isEmpty() ? "" : ", or start the registered nodes that are not seen"));
    }
}
