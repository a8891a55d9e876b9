package org.rmsconnector.transport.internal;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.secrets.SecretReference;

/**
 * The transport's configuration, checked and resolved once: every mistake an operator can make is refused here,
 * at activation, with a message naming the property.
 *
 * @param environment          the named cloud environment in use ({@code custom} when {@code cloud.url} is set)
 * @param cloudBase            the cloud's base URL (https)
 * @param trustStore           PKCS#12 trust store, or null for the JVM default
 * @param trustStorePassword   its password (may be empty)
 * @param connectTimeout       connection establishment
 * @param requestTimeout       one attempt
 * @param deadline             a whole forwarded call, retries included
 * @param retry                retry attempts and backoff
 * @param breakerFailures      consecutive failures that open the breaker
 * @param breakerOpen          the breaker's cool-down
 * @param proxy                the outbound proxy, or null
 * @param credentialsDir       where connector.p12 and policy.jws live
 * @param credentialsPassword  encrypts connector.p12
 * @param credentialsLifetime  how long credentials are considered valid after registration
 * @param connectorName        the name to register under
 * @param registrationUser     connector administrator for auto-registration, or null
 * @param registrationPasswordFile that user's password file, or null
 * @param policyWait           one long-poll's wait
 * @param policyRefresh        full refresh period
 * @param policyBackoffMax     longest pause between sync attempts while the cloud is down
 */
public record TransportSettings(String environment, URI cloudBase, Path trustStore, char[] trustStorePassword,
        Duration connectTimeout, Duration requestTimeout, Duration deadline, Backoff retry, int breakerFailures,
        Duration breakerOpen, ProxySettings proxy, Path credentialsDir, char[] credentialsPassword,
        Duration credentialsLifetime, String connectorName, String registrationUser, Path registrationPasswordFile,
        Duration policyWait, Duration policyRefresh, Duration policyBackoffMax) {

    public static final String PID = "org.rmsconnector.transport";

    /**
     * Resolves a configuration.
     *
     * @param property framework properties ({@code rms.home}); returns null when absent
     */
    public static TransportSettings from(TransportConfiguration c, UnaryOperator<String> property) {
        URI base = CloudEnvironments.resolve(c.environment(), c.cloud_url());
        Path trust = blank(c.trust_store()) ? null : Paths.get(c.trust_store().strip());
        Duration connect = positive(c.connect_timeout_ms(), "connect.timeout.ms");
        Duration request = positive(c.request_timeout_ms(), "request.timeout.ms");
        Duration deadline = positive(c.deadline_ms(), "deadline.ms");
        if (c.retry_attempts() < 1 || c.retry_attempts() > 10) {
            throw new IllegalArgumentException(PID + ": retry.attempts must be 1 to 10, got " + c.retry_attempts());
        }
        Backoff retry = new Backoff(c.retry_attempts(), positive(c.retry_backoff_ms(), "retry.backoff.ms"),
                positive(c.retry_backoff_max_ms(), "retry.backoff.max.ms"));
        if (c.breaker_failures() < 1) {
            throw new IllegalArgumentException(PID + ": breaker.failures must be at least 1");
        }
        Duration open = positive(c.breaker_open_ms(), "breaker.open.ms");
        String secrets = property.apply(SecretReference.SECRETS_DIR_PROPERTY);
        String proxyPassword = SecretReference.resolve(c._proxy_password(), secrets, PID + " .proxy.password");
        String trustPassword = SecretReference.resolve(c._trust_store_password(), secrets,
                PID + " .trust.store.password");
        String credentialsPassword = SecretReference.resolve(c._credentials_password(), secrets,
                PID + " .credentials.password");
        ProxySettings proxy = ProxySettings.of(c.proxy_host(), c.proxy_port(), c.proxy_user(), proxyPassword);

        Path dir;
        if (blank(c.credentials_dir())) {
            String home = property.apply("rms.home");
            if (blank(home)) {
                throw new IllegalArgumentException(PID + ": credentials.dir is not set and there is no rms.home"
                        + " property to put it under (${rms.home}/data/connector)");
            }
            dir = Paths.get(home, "data", "connector");
        } else {
            dir = Paths.get(c.credentials_dir().strip());
        }
        if (credentialsPassword == null || credentialsPassword.isEmpty()) {
            throw new IllegalArgumentException(PID + ": .credentials.password is required: the connector's key is"
                    + " never kept unencrypted (e.g. .credentials.password=secret:connector-credentials-password)");
        }
        if (c.credentials_lifetime_days() < 1) {
            throw new IllegalArgumentException(PID + ": credentials.lifetime.days must be at least 1, got "
                    + c.credentials_lifetime_days());
        }
        String name = NodeName.resolve(c.connector_name(), property.apply(NodeName.PROPERTY));
        String user = blank(c.registration_user()) ? null : c.registration_user().strip();
        Path passwordFile = blank(c.registration_password_file()) ? null
                : Paths.get(c.registration_password_file().strip());
        if ((user == null) != (passwordFile == null)) {
            throw new IllegalArgumentException(PID + ": registration.user and registration.password.file come"
                    + " together");
        }
        if (c.policy_wait_seconds() < 1 || c.policy_wait_seconds() > 30) {
            throw new IllegalArgumentException(PID + ": policy.wait.seconds must be 1 to 30 (the cloud answers a"
                    + " long-poll within 30 s)");
        }
        if (c.policy_refresh_minutes() < 1) {
            throw new IllegalArgumentException(PID + ": policy.refresh.minutes must be at least 1");
        }
        if (c.policy_backoff_max_seconds() < 1) {
            throw new IllegalArgumentException(PID + ": policy.backoff.max.seconds must be at least 1");
        }
        return new TransportSettings(CloudEnvironments.name(c.environment(), c.cloud_url()), base, trust,
                chars(trustPassword), connect, request, deadline, retry, c.breaker_failures(), open, proxy,
                dir, credentialsPassword.toCharArray(), Duration.ofDays(c.credentials_lifetime_days()), name, user,
                passwordFile, Duration.ofSeconds(c.policy_wait_seconds()),
                Duration.ofMinutes(c.policy_refresh_minutes()), Duration.ofSeconds(c.policy_backoff_max_seconds()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    private static Duration positive(long ms, String name) {
        if (ms <= 0) {
            throw new IllegalArgumentException(PID + ": " + name + " must be positive, got " + ms);
        }
        return Duration.ofMillis(ms);
    }

    @Override
    public String toString() {
        // the passwords stay out of logs
        return "TransportSettings[cloud=" + cloudBase + ", trustStore=" + (trustStore == null ? "JVM default" : trustStore)
                + ", proxy=" + proxy + ", credentialsDir=" + credentialsDir + ", connectorName=" + connectorName
                + ", registrationUser=" + registrationUser + "]";
    }
}
