package org.rmsconnector.guard.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.admin.AdministratorLogin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.login.LoginThrottle;
import org.rmsconnector.commons.secrets.SecretReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's login for the Web Console and the admin REST API: HTTP Basic against one user and password,
 * with a {@link LoginThrottle} per source address and per user. A throttled attempt is answered without looking at
 * the password. The configuration is required: without it there is no administrator and nobody gets in.
 */
@Component(configurationPid = GuardConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GuardConfiguration.class)
public class AdministratorLoginService implements AdministratorLogin {
    private static final Logger LOG = LoggerFactory.getLogger(AdministratorLoginService.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final GuardEvents events;
    private final Clock clock;
    private final String secretsDir;
    private volatile Settings settings;

    private record Settings(String user, String password, LoginThrottle throttle) {
    }

    @Activate
    public AdministratorLoginService(BundleContext context, GuardConfiguration config) {
        this(config, context.getProperty(NodeName.PROPERTY), Clock.systemUTC(),
                context.getProperty(SecretReference.SECRETS_DIR_PROPERTY));
    }

    AdministratorLoginService(GuardConfiguration config, String node, Clock clock, String secretsDir) {
        this.events = new GuardEvents(() -> eventAdmin, node);
        this.clock = clock;
        this.secretsDir = secretsDir;
        modified(config);
    }

    @Modified
    void modified(GuardConfiguration config) {
        LoginThrottle.Settings throttle = new LoginThrottle.Settings(config.free_failures(),
                Duration.ofMillis(config.first_delay_ms()), Duration.ofSeconds(config.max_source_delay_seconds()),
                Duration.ofSeconds(config.max_user_delay_seconds()), Duration.ofSeconds(config.forget_after_seconds()));
        Settings previous = this.settings;
        // a changed password keeps the counts: changing it is no reason to forgive a guesser
        LoginThrottle counts = previous != null && previous.throttle.settings().equals(throttle) ? previous.throttle
                : new LoginThrottle(throttle, clock);
        String password;
        try {
            password = SecretReference.resolve(config._password(), secretsDir, GuardConfiguration.PID
                    + " .password");
        } catch (IllegalArgumentException e) {
            LOG.error("{}: nobody can log in to the Web Console or the admin API", e.getMessage());
            password = null;
        }
        if (password == null || password.isEmpty() || password.startsWith("$[")) {
            LOG.warn("no usable administrator password in {} (.password is empty or its secret was not found, e.g."
                    + " data/console-password): nobody can log in to the Web Console or the admin API",
                    GuardConfiguration.PID);
            password = null;
        }
        this.settings = new Settings(config.user(), password, counts);
    }

    @Override
    public Outcome login(String authorization, String source) {
        Settings s = settings;
        String[] credentials = basic(authorization);
        if (credentials == null) {
            return Outcome.refused(authorization == null ? "give the administrator's user and password (HTTP Basic)"
                    : "malformed credentials: expected HTTP Basic with base64 of user:password");
        }
        String user = credentials[0];
        Duration wait = s.throttle.waitBefore(source, user);
        if (!wait.isZero()) {
            return Outcome.throttled(wait);
        }
        // both checks always run, so the time does not tell whether the user name was right
        boolean userOk = AdministratorPassword.equal(s.user, user);
        boolean passwordOk = s.password != null && AdministratorPassword.matches(s.password, credentials[1]);
        if (userOk && passwordOk) {
            s.throttle.succeeded(source, user);
            return Outcome.accepted(s.user);
        }
        s.throttle.failed(source, user).ifPresent(p -> events.post(ConnectorEvent.LOGIN_THROTTLED,
                "repeated failed administrator logins: " + p.failures() + " for " + p.kind() + " " + p.key()
                        + "; the next attempt waits " + p.delay().toMillis() + " ms",
                Map.of("source", String.valueOf(source), "user", user, "failures", p.failures(),
                        "throttled", p.kind(), "delayMs", p.delay().toMillis())));
        return Outcome.refused("wrong user or password");
    }

    /** {user, password}, or {@code null} when the header is absent or not HTTP Basic. */
    static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
