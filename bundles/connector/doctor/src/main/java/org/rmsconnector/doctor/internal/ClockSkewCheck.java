package org.rmsconnector.doctor.internal;

import java.time.Duration;

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
 * Whether this node's clock agrees with the cloud's (from the probe's {@code Date} header): the cloud checks the
 * time of every actor assertion this node signs. WARN beyond {@link #WARN_OVER}, CRITICAL beyond
 * {@link #CRITICAL_OVER}.
 */
@Component
@HealthCheckService(name = "RMS clock skew", tags = {"doctor"})
public class ClockSkewCheck implements HealthCheck {

    /** The cloud refuses assertions signed more than 30 s in its future: warn before that bites. */
    static final Duration WARN_OVER = Duration.ofSeconds(30);
    static final Duration CRITICAL_OVER = Duration.ofMinutes(5);
    private static final String FIX = " Fix: synchronize this node's clock with a time server (chrony or"
            + " systemd-timesyncd on Linux, w32time on Windows); the cloud refuses assertions signed more than 30 s in"
            + " its future";

    private final CloudConnection connection;

    @Activate
    public ClockSkewCheck(@Reference(name = "connection", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) CloudConnection connection) {
        this.connection = connection;
    }

    @Override
    public Result execute() {
        return connection == null ? Findings.noTransport() : evaluate(connection.probe());
    }

    /** The finding for what the probe or the cloud said (public for the transport's integration tests). */
    public static Result evaluate(CloudStatus s) {
        Duration skew = s.clockSkew();
        if (skew == null) {
            if (!s.reachable()) {
                return Findings.of(Result.Status.TEMPORARILY_UNAVAILABLE, "cannot compare the clocks: the cloud did"
                        + " not answer" + (s.problem() == null ? "" : " (" + s.problem() + ")") + ". Fix: make the"
                        + " cloud reachable first (see 'RMS cloud reachable')");
            }
            return Findings.of(Result.Status.WARN, "cannot compare the clocks: the cloud's answer carries no Date"
                    + " header. Fix: compare this node's clock with a reliable time source by hand");
        }
        String how = skew.isNegative() ? "ahead of" : "behind";
        String text = "this node's clock is " + Findings.human(skew) + " " + how + " the cloud's";
        Duration size = skew.abs();
        if (size.compareTo(CRITICAL_OVER) > 0) {
            return Findings.of(Result.Status.CRITICAL, text + " (more than " + CRITICAL_OVER.toMinutes() + " min)."
                    + FIX);
        }
        if (size.compareTo(WARN_OVER) > 0) {
            return Findings.of(Result.Status.WARN, text + " (more than " + WARN_OVER.toMinutes() + " min)." + FIX);
        }
        return Findings.of(Result.Status.OK, "this node's clock agrees with the cloud's within " + size.toMillis()
                + " ms (measured to about a second)");
    }
}
