package org.rmsconnector.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an {@link RmsClient} reaches the service and who it is there: the service URL, the
 * identity, TLS trust, the workload it declares, timeouts and where it keeps its own key.
 * Immutable; build one with {@link #builder(URI)}. Passwords are copied in and out, never
 * printed by {@link #toString()}.
 */
public final class ClientConfig {

    /** Default time to establish a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time for one request, answer included. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** The workloads a caller may declare with {@code X-RMS-Workload}. */
    public static final Set<String> WORKLOADS = Set.of("exchange", "sharepoint", "fci");

    /** Who the client is at the service. */
    public sealed interface Identity permits User, ClientCertificate, Kerberos {
    }

    /**
     * An online user of the tenant, authenticated with HTTP Basic.
     *
     * @param upn      the user principal name, e.g. {@code alice@contoso.com}
     * @param password the password (copied)
     */
    public record User(String upn, char[] password) implements Identity {
        /** Validates and copies. */
        public User {
            if (upn == null || upn.isBlank() || upn.indexOf(':') >= 0) {
                throw new IllegalArgumentException("user: a UPN without ':' is required");
            }
            password = Objects.requireNonNull(password, "password").clone();
        }

        /** A copy of the password. */
        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof User u && upn.equals(u.upn) && Arrays.equals(password, u.password);
        }

        @Override
        public int hashCode() {
            return upn.hashCode();
        }

        @Override
        public String toString() {
            return "User[" + upn + "]";
        }
    }

    /**
     * A server behind a connector, authenticated with a TLS client certificate.
     *
     * @param keyStore a PKCS#12 file holding the client key and its certificate
     * @param password its password (copied)
     */
    public record ClientCertificate(Path keyStore, char[] password) implements Identity {
        /** Validates and copies. */
        public ClientCertificate {
            Objects.requireNonNull(keyStore, "keyStore");
            password = Objects.requireNonNull(password, "password").clone();
        }

        /** A copy of the password. */
        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClientCertificate c && keyStore.equals(c.keyStore)
                    && Arrays.equals(password, c.password);
        }

        @Override
        public int hashCode() {
            return keyStore.hashCode();
        }

        @Override
        public String toString() {
            return "ClientCertificate[" + keyStore + "]";
        }
    }

    /**
     * A server that is a member of an Active Directory (or any Kerberos) domain, authenticated toward a connector
     * with a Kerberos ticket in {@code Authorization: Negotiate} (SPNEGO), as Windows authentication does. A fresh
     * token is made for every request.
     *
     * @param principal        the client principal, e.g. {@code EXCH01$@CONTOSO.COM}; may be null with the ticket
     *                         cache (its default principal is used)
     * @param keyTab           the keytab holding the principal's keys; null: the ticket cache ({@code KRB5CCNAME},
     *                         else the system default), as after {@code kinit}
     * @param servicePrincipal the connector's service principal, e.g. {@code HTTP/rms.contoso.com@CONTOSO.COM};
     *                         null: {@code HTTP/<host of the service URL>} in the default realm
     * @since 0.5
     */
    public record Kerberos(String principal, Path keyTab, String servicePrincipal) implements Identity {
        /** Validates. */
        public Kerberos {
            if (keyTab != null && (principal == null || principal.isBlank())) {
                throw new IllegalArgumentException("kerberos: a keytab needs the principal whose keys it holds");
            }
            principal = principal == null || principal.isBlank() ? null : principal.strip();
            servicePrincipal = servicePrincipal == null || servicePrincipal.isBlank() ? null
                    : servicePrincipal.strip();
        }
    }

    private final URI serviceUrl;
    private final Identity identity;
    private final String certifyAs;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final List<Path> trustCertificates;
    private final String workload;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Path home;

    private ClientConfig(Builder b) {
        this.serviceUrl = b.serviceUrl;
        this.identity = b.identity;
        this.certifyAs = b.certifyAs;
        this.trustStore = b.trustStore;
        this.trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
        this.trustCertificates = List.copyOf(b.trustCertificates);
        this.workload = b.workload;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.home = b.home;
    }

    /** A builder for the service (or connector) at {@code serviceUrl}, e.g. {@code https://rms.contoso.com}. */
    public static Builder builder(URI serviceUrl) {
        return new Builder(serviceUrl);
    }

    /** Where the client keeps its key and certificates unless told otherwise: {@code ~/.rmsctl}. */
    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".rmsctl");
    }

    /** The service or connector base URL; the API paths ({@code /_wmcs/…}) are resolved against it. */
    public URI serviceUrl() {
        return serviceUrl;
    }

    /** The identity, or empty for a client that only reads server information and file headers. */
    public Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    /**
     * The identity to ask a server certificate for. Defaults to the user's UPN, or the common
     * name of the client certificate. The service decides what it certifies; this is a request.
     */
    public Optional<String> certifyAs() {
        return Optional.ofNullable(certifyAs);
    }

    /**
     * A PKCS#12 or JKS trust store for the server's certificate. With neither a trust store nor
     * trust certificates, the JVM's default trust applies.
     */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** A copy of the trust store password, or empty. */
    public Optional<char[]> trustStorePassword() {
        return Optional.ofNullable(trustStorePassword).map(char[]::clone);
    }

    /** Certificate files (PEM or DER, or a PKCS#12 file of certificates) to trust for the server. */
    public List<Path> trustCertificates() {
        return trustCertificates;
    }

    /** The workload declared with {@code X-RMS-Workload}: {@code exchange}, {@code sharepoint} or {@code fci}. */
    public Optional<String> workload() {
        return Optional.ofNullable(workload);
    }

    /** Time to establish a connection. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time for one request. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The holder key store directory: the client's RSA key pair and its cached server certificates. */
    public Path home() {
        return home;
    }

    @Override
    public String toString() {
        return "ClientConfig[service=" + serviceUrl + ", identity=" + identity + ", workload=" + workload
                + ", home=" + home + "]";
    }

    /** Builds a {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private final URI serviceUrl;
        private Identity identity;
        private String certifyAs;
        private Path trustStore;
        private char[] trustStorePassword;
        private final List<Path> trustCertificates = new ArrayList<>();
        private String workload;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Path home = defaultHome();

        private Builder(URI serviceUrl) {
            Objects.requireNonNull(serviceUrl, "serviceUrl");
            String scheme = serviceUrl.getScheme() == null ? "" : serviceUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || serviceUrl.getHost() == null) {
                throw new IllegalArgumentException("service URL must be an absolute http(s) URL, got " + serviceUrl);
            }
            if (serviceUrl.getRawQuery() != null || serviceUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("service URL must not have a query or fragment: " + serviceUrl);
            }
            this.serviceUrl = serviceUrl;
        }

        /** An online user, authenticated with HTTP Basic. */
        public Builder user(String upn, char[] password) {
            this.identity = new User(upn, password);
            return this;
        }

        /** A server authenticated with the TLS client certificate in a PKCS#12 file. */
        public Builder clientCertificate(Path keyStore, char[] password) {
            this.identity = new ClientCertificate(keyStore, password);
            return this;
        }

        /**
         * A server authenticated with Kerberos: from {@code keyTab} as {@code principal}, or from the ticket cache
         * when {@code keyTab} is null; {@code servicePrincipal} null means {@code HTTP/<host of the service URL>}.
         */
        public Builder kerberos(String principal, Path keyTab, String servicePrincipal) {
            this.identity = new Kerberos(principal, keyTab, servicePrincipal);
            return this;
        }

        /** The identity to request a server certificate for (see {@link ClientConfig#certifyAs()}). */
        public Builder certifyAs(String name) {
            this.certifyAs = name == null || name.isBlank() ? null : name;
            return this;
        }

        /** Trust only the certificates in this PKCS#12 or JKS store for the server. */
        public Builder trustStore(Path file, char[] password) {
            this.trustStore = Objects.requireNonNull(file, "trust store");
            this.trustStorePassword = password == null ? null : password.clone();
            return this;
        }

        /**
         * The password of the trust store, also used for a PKCS#12 {@linkplain #trustCertificate trust
         * certificate} (which is otherwise opened with an empty password).
         */
        public Builder trustStorePassword(char[] password) {
            this.trustStorePassword = password == null ? null : password.clone();
            return this;
        }

        /** Trust this certificate file (PEM, DER or PKCS#12 of certificates) for the server; repeatable. */
        public Builder trustCertificate(Path file) {
            trustCertificates.add(Objects.requireNonNull(file, "trust certificate"));
            return this;
        }

        /** Declares the workload ({@code exchange}, {@code sharepoint}, {@code fci}) with {@code X-RMS-Workload}. */
        public Builder workload(String workload) {
            if (workload != null && !WORKLOADS.contains(workload)) {
                throw new IllegalArgumentException("workload must be one of " + WORKLOADS + ", got " + workload);
            }
            this.workload = workload;
            return this;
        }

        /** Time to establish a connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** Time for one request (default 60 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** The holder key store directory (default {@code ~/.rmsctl}). */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** The configuration. */
        public ClientConfig build() {
            return new ClientConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
