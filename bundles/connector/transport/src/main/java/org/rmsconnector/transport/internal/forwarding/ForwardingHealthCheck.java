package org.rmsconnector.transport.internal.forwarding;

import java.time.Duration;
import java.util.Optional;

import org.apache.felix.hc.annotation.HealthCheckService;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rmsconnector.transport.internal.CloudChannel;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;

/**
 * Part of "ready" ({@code /health}, tag {@code rms}): whether a relayed request can be forwarded now. CRITICAL while
 * the connector is not registered with the cloud, and after a start until the cloud has served it once (a cached
 * authorized list and credentials are not enough: the cloud, embedded or not, may still be starting), so the
 * balancer sends nothing that would fail; WARN while the cloud does not answer (the breaker is open): the node stays in rotation, because the
 * relay's own 503 with {@code Retry-After} is the right answer for the on-premises servers, and another node could
 * not do better; OK otherwise. Active only while the forwarding component is: without it, the check is absent and
 * the relay answers 503 {@code cloud_transport_unavailable}.
 */
@Component
@HealthCheckService(name = "RMS cloud transport", tags = {"rms", "doctor"})
public class ForwardingHealthCheck implements HealthCheck {
    private static final String FIX = "Fix: ";

    private final ConnectorIdentity identity;
    private final CloudChannel channel;

    @Activate
    public ForwardingHealthCheck(@Reference ConnectorIdentity identity, @Reference CloudChannel channel) {
        this.identity = identity;
        this.channel = channel;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        Optional<ConnectorCredentials> credentials = identity.current();
        if (credentials.isEmpty()) {
            log.critical("this connector is not registered with the cloud service: forwarded calls get 503. " + FIX
                    + "register it (rmsctl connector register, or registration.user and registration.password.file"
                    + " in org.rmsconnector.transport.cfg)");
            return new Result(log);
        }
        if (!channel.contact().servedOnce()) {
            log.critical("the cloud service has not served this node yet since it started (it may be starting):"
                    + " not ready. " + FIX + "check the cloud and the route to it (GET /admin/api/status)");
            return new Result(log);
        }
        Optional<Duration> open = channel.breaker().openFor();
        if (open.isPresent()) {
            log.warn("the cloud service does not answer (circuit open, next try in {} s): relayed calls get 503 with"
                    + " Retry-After. " + FIX + "check the cloud and the route to it (GET /admin/api/status)",
                    Math.max(1, open.get().toSeconds()));
            return new Result(log);
        }
        log.info("registered as connector {}; forwarding to {}", credentials.get().connectorId(),
                channel.settings().cloudBase());
        return new Result(log);
    }
}
