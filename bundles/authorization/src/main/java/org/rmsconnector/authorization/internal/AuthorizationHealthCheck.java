package org.rmsconnector.authorization.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
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
 * the configured age; OK otherwise. The message gives the version and the age. Shares the authorization PID.
 */
@Component(property = {HealthCheck.NAME + "=RMS authorization", HealthCheck.TAGS + "=rms"},
        configurationPid = PolicyAuthorizationService.PID)
public class AuthorizationHealthCheck implements HealthCheck {

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
            log.critical("the authorization service is not running on this node: every request is refused with 503");
            return new Result(log);
        }
        Optional<AuthorizationPolicy> inForce = service.policyInForce();
        if (inForce.isEmpty()) {
            log.critical("no authorized-servers list is in force: every caller is refused. The transport has not"
                    + " obtained it from the cloud and there is no last-known-good copy; check the connection to the"
                    + " cloud and the connector's registration");
            return new Result(log);
        }
        AuthorizationPolicy policy = inForce.get();
        Duration age = Duration.between(policy.confirmedAt(), clock.instant());
        String summary = "authorized-servers list version " + policy.version() + " (" + policy.entries().size()
                + " entries), confirmed with the cloud " + human(age) + " ago at " + policy.confirmedAt();
        boolean warned = false;
        if (policy.fromCache()) {
            log.warn("{}: it is the last-known-good copy from disk because the cloud could not be reached;"
                    + " changes made in the cloud are not seen", summary);
            warned = true;
        }
        if (policy.entries().isEmpty()) {
            log.warn("{}: the list is empty, so every caller is refused; add the on-premises servers in the cloud",
                    summary);
            warned = true;
        }
        if (age.compareTo(maxAge) > 0) {
            log.warn("{}: older than {} minutes, so changes made in the cloud may not have reached this node;"
                    + " check the connection to the cloud", summary, maxAge.toMinutes());
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
