package org.rmsconnector.doctor.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RegisteredConnector;

/**
 * Whether this node holds connector credentials the cloud accepts and that are not about to expire: CRITICAL
 * without credentials, when they expired or when the cloud refuses or no longer lists the connector; WARN within
 * {@link #RENEW_WITHIN} of the expiry ({@code credentials.lifetime.days} after registration). The cloud is asked
 * with a call signed by these credentials; when it cannot be reached, the finding rests on the expiry alone.
 */
@Component
@HealthCheckService(name = "RMS connector credentials", tags = {"doctor"})
public class ConnectorCredentialsCheck implements HealthCheck {

    static final Duration RENEW_WITHIN = Duration.ofDays(30);
    private static final String REREGISTER = " Fix: register this node again: move connector.p12 out of its"
            + " credentials directory, restart the transport, register it (rmsctl connector register, or the console),"
            + " then remove the old connector in the cloud";

    /** The cloud's list of connectors, asked with this node's credentials. */
    @FunctionalInterface
    public interface Connectors {
        List<RegisteredConnector> list() throws AdminException;
    }

    private final CloudConnection connection;
    private final Clock clock;

    @Activate
    public ConnectorCredentialsCheck(@Reference(name = "connection", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) CloudConnection connection) {
        this.connection = connection;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Result execute() {
        if (connection == null) {
            return Findings.noTransport();
        }
        CloudStatus s = connection.status();
        return evaluate(s, clock.instant(), connection::connectors);
    }

    /** The finding for what the probe or the cloud said (public for the transport's integration tests). */
    public static Result evaluate(CloudStatus s, Instant now, Connectors cloud) {
        if (!s.registered()) {
            return Findings.of(Result.Status.CRITICAL, "this node holds no connector credentials, so it cannot call"
                    + " the cloud. Fix: register it: rmsctl connector register, the console's cloud page, or"
                    + " registration.user and registration.password.file in " + Findings.PID);
        }
        String who = "connector '" + s.connectorName() + "' (" + s.connectorId() + ")";
        Instant expires = s.credentialsExpireAt();
        if (expires != null && !now.isBefore(expires)) {
            return Findings.of(Result.Status.CRITICAL, "the credentials of " + who + " expired at " + expires
                    + " (registered " + s.registeredAt() + ", credentials.lifetime.days in " + Findings.PID + ")."
                    + REREGISTER);
        }
        String confirmed;
        try {
            boolean listed = cloud.list().stream().anyMatch(c -> c.id().equals(s.connectorId()));
            if (!listed) {
                return Findings.of(Result.Status.CRITICAL, who + " is no longer registered in the cloud: the cloud"
                        + " refuses every call this node signs." + REREGISTER);
            }
            confirmed = "the cloud accepts them";
        } catch (AdminException e) {
            if (e.reason() == AdminException.Reason.REFUSED) {
                return Findings.of(Result.Status.CRITICAL, "the cloud refuses the credentials of " + who + ": "
                        + e.getMessage() + "." + REREGISTER);
            }
            confirmed = "not confirmed with the cloud now (" + e.getMessage() + ")";
        }
        if (expires != null && Duration.between(now, expires).compareTo(RENEW_WITHIN) < 0) {
            return Findings.of(Result.Status.WARN, "the credentials of " + who + " expire in "
                    + Findings.human(Duration.between(now, expires)) + ", at " + expires + "; " + confirmed + "."
                    + REREGISTER + " before then");
        }
        return Findings.of(Result.Status.OK, who + " holds credentials registered " + s.registeredAt()
                + (expires == null ? "" : ", valid until " + expires) + "; " + confirmed);
    }
}
