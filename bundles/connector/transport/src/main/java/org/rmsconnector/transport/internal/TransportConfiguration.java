package org.rmsconnector.transport.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "RMS Connector - Cloud transport",
        description = "How this node reaches the cloud rights management service: endpoint, TLS trust, timeouts,"
                + " retries, circuit breaker, outbound proxy, the connector's credentials and the authorized-servers"
                + " sync.")
@interface TransportConfiguration {

    @AttributeDefinition(name = "Cloud environment",
            description = "Which cloud to use. 'embedded' is the cloud service in this distribution (127.0.0.1:8444);"
                    + " 'custom' takes cloud.url. The commercial and sovereign clouds' URLs are filled in by the"
                    + " operator through cloud.url.",
            options = {@Option(label = "Embedded (this distribution, 127.0.0.1:8444)", value = "embedded"),
                @Option(label = "Custom (cloud.url)", value = "custom")})
    public String environment() default "embedded";

    @AttributeDefinition(name = "Cloud URL",
            description = "The cloud service's base URL, https only (e.g. https://rms.contoso.example). Required for"
                    + " 'custom'; when set, it overrides the environment's URL.")
    public String cloud_url() default "";

    @AttributeDefinition(name = "Trust store",
            description = "A PKCS#12 file whose certificates are trusted for the cloud's TLS certificate. Empty: the"
                    + " JVM's default trust store (public CAs).")
    public String trust_store() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD,
            description = "e.g. secret:tls-password")
    public String _trust_store_password() default "";

    @AttributeDefinition(name = "Connect timeout (ms)", description = "How long opening a connection may take.")
    public long connect_timeout_ms() default 5_000;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "How long one attempt may wait for the cloud's answer.")
    public long request_timeout_ms() default 15_000;

    @AttributeDefinition(name = "Deadline (ms)",
            description = "How long a forwarded call may take in all, retries and their pauses included. Keep it"
                    + " below the relay's request.timeout.ms.")
    public long deadline_ms() default 30_000;

    @AttributeDefinition(name = "Attempts",
            description = "Attempts per idempotent call (1 = no retry). Only connection failures, timeouts and"
                    + " 502/503/504 are retried; publishing is never retried.")
    public int retry_attempts() default 3;

    @AttributeDefinition(name = "First retry pause (ms)",
            description = "The pause before the first retry; it doubles per retry, with jitter (half to all of it).")
    public long retry_backoff_ms() default 200;

    @AttributeDefinition(name = "Longest retry pause (ms)")
    public long retry_backoff_max_ms() default 2_000;

    @AttributeDefinition(name = "Circuit breaker threshold",
            description = "After this many consecutive failures (connection failures, timeouts, 502/503/504) calls"
                    + " fail at once with 503 and Retry-After until the cool-down has passed.")
    public int breaker_failures() default 5;

    @AttributeDefinition(name = "Circuit breaker cool-down (ms)",
            description = "How long the breaker stays open before one call probes the cloud again.")
    public long breaker_open_ms() default 30_000;

    @AttributeDefinition(name = "Proxy host", description = "Outbound web proxy; empty: connect directly.")
    public String proxy_host() default "";

    @AttributeDefinition(name = "Proxy port")
    public int proxy_port() default 3128;

    @AttributeDefinition(name = "Proxy user",
            description = "For a proxy that asks for Basic authentication; empty: none. Needs the JVM option"
                    + " -Djdk.http.auth.tunneling.disabledSchemes= (see the README).")
    public String proxy_user() default "";

    @AttributeDefinition(name = "Proxy password", type = AttributeType.PASSWORD,
            description = "e.g. secret:proxy-password")
    public String _proxy_password() default "";

    @AttributeDefinition(name = "Credentials directory",
            description = "Where the connector's key, id and the pinned tenant key live (connector.p12), with the"
                    + " last-known-good authorized-servers list (policy.jws). Empty: ${rms.home}/data/connector.")
    public String credentials_dir() default "";

    @AttributeDefinition(name = "Credentials password", type = AttributeType.PASSWORD,
            description = "Encrypts connector.p12, e.g. secret:connector-credentials-password.")
    public String _credentials_password() default "";

    @AttributeDefinition(name = "Credentials lifetime (days)",
            description = "How long the connector's credentials are considered valid after registration. The status"
                    + " reports their expiry and the doctor warns 30 days before it; renew by registering the node"
                    + " again.")
    public int credentials_lifetime_days() default 730;

    @AttributeDefinition(name = "Connector name",
            description = "The name this connector registers under. Empty: the node's host name.")
    public String connector_name() default "";

    @AttributeDefinition(name = "Registration user",
            description = "A connector administrator of the tenant. When set and this node has no credentials yet,"
                    + " it registers itself on first start.")
    public String registration_user() default "";

    @AttributeDefinition(name = "Registration password file",
            description = "A file holding that user's password (owner-only).")
    public String registration_password_file() default "";

    @AttributeDefinition(name = "Long-poll wait (s)",
            description = "How long one change-feed request waits for a change of the authorized-servers list.")
    public int policy_wait_seconds() default 25;

    @AttributeDefinition(name = "Full refresh (minutes)",
            description = "How often the whole list is fetched again, whatever the change feed said.")
    public int policy_refresh_minutes() default 15;

    @AttributeDefinition(name = "Longest sync pause (s)",
            description = "While the cloud is down, the sync retries with growing pauses up to this.")
    public int policy_backoff_max_seconds() default 60;
}
