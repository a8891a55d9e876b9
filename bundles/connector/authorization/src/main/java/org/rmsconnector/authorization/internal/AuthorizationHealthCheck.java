package org.rmsconnector.authorization.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.policy.AuthorizationPolicy;

/**
 * Whether this node can decide who may use it: CRITICAL without an authorized-servers list (every caller would be
 * refused), WARN when the list is the last-known-good copy, empty, or not confirmed with the cloud for longer than
 * the configured age; OK otherwise. The message gives the version and the age, and every message that is not OK
 * ends with {@value #FIX} and what to do, which {@code rmsctl doctor} shows as it is (tags {@code rms} and
 * {@code doctor}). Shares the authorization PID.
 */
@Component(configurationPid = PolicyAuthorizationService.PID)
@HealthCheckService(name = "RMS authorization", tags = {"rms", "doctor"})
public class AuthorizationHealthCheck implements HealthCheck {
    static final String FIX = "Fix: ";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PolicyInForce authorization;

    private final Clock clock;
    private volatile Duration maxAge;

    @Activate
    public AuthorizationHealthCheck(AuthorizationConfiguration config) {
        this(config, Clock.systemUTC());
    }

    AuthorizationHealthCheck(AuthorizationConfiguration config, Clock clock) {
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(AuthorizationConfiguration config) {
        maxAge = Duration.ofMinutes(Math.max(1, config.policy_max_age_minutes()));
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        PolicyInForce service = authorization;
        if (service == null) {
            log.critical("the authorization service is not running on this node: every request is refused with 503."
                    + " " + FIX + "start the bundle org.rmsconnector.authorization and check the log for why its"
                    + " components are not active");
            return new Result(log);
        }
        Optional<AuthorizationPolicy> inForce = service.policyInForce();
        if (inForce.isEmpty()) {
            log.critical("no authorized-servers list is in force: every caller is refused. The transport has not"
                    + " obtained it from the cloud and there is no last-known-good copy. " + FIX + "check the"
                    + " connection to the cloud (GET /admin/api/status) and register the connector if it is not"
                    + " (rmsctl connector register)");
            return new Result(log);
        }
        AuthorizationPolicy policy = inForce.get();
        Duration age = Duration.between(policy.confirmedAt(), clock.instant());
        String summary = "authorized-servers list version " + policy.version() + " (" + policy.entries().size()
                + " entries), confirmed with the cloud " + human(age) + " ago at " + policy.confirmedAt();
        boolean warned = false;
        if (policy.fromCache()) {
            log.warn("{}: it is the last-known-good copy from disk because the cloud could not be reached;"
                    + " changes made in the cloud are not seen. " + FIX + "restore the connection to the cloud"
                    + " (proxy, firewall, the cloud's certificate)", summary);
            warned = true;
        }
        if (policy.entries().isEmpty()) {
            log.warn("{}: the list is empty, so every caller is refused. " + FIX + "authorize the on-premises"
                    + " servers' accounts, computers or groups (POST /admin/api/authorized-servers, or the console's"
                    + " authorized servers page)", summary);
            warned = true;
        }
        if (age.compareTo(maxAge) > 0) {
            log.warn("{}: older than {} minutes, so changes made in the cloud may not have reached this node. "
                    + FIX + "check the connection to the cloud and the transport's policy sync in the log", summary,
                    maxAge.toMinutes());
            warned = true;
        }
        if (!warned) {
            log.info(summary);
        }
        return new Result(log);
    }

    static String human(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
        }
        return seconds / 86400 + " d";
    }
}
