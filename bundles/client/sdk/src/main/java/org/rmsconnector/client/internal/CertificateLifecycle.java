package org.rmsconnector.client.internal;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.LicenseSigningKey;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.ServerCertificate;

/**
 * Who this client is at the service and the server certificate that says so: the endpoint (which API, which
 * identity), the holder key, and the certificate, cached in the home directory and renewed when it runs out or the
 * service refuses it. One per {@link DefaultRmsClient}.
 */
final class CertificateLifecycle {

    // Service answers about our certificate (not about the content) that a fresh certificate can cure.
    private static final Set<String> CERTIFICATE_PROBLEMS = Set.of(Reason.EXPIRED.name(), Reason.NOT_YET_VALID.name(),
            Reason.BAD_SIGNATURE.name(), Reason.WRONG_KEY.name());

    private final ClientConfig config;
    private final HolderKeyStore store;
    private final Clock clock;
    private final CloudApi injectedApi;
    private final Object lock = new Object();
    private Endpoint endpoint;
    private volatile Certified certified;

    /** Over {@code api} (null: HTTP per {@code config}), reading time from {@code clock}. */
    CertificateLifecycle(ClientConfig config, CloudApi api, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = new HolderKeyStore(config.home());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.injectedApi = api;
    }

    // Who we are at the service: how to reach it, the name our certificate is cached under, what to ask for.
    private record Endpoint(CloudApi api, String identityKey, String certifyAs) {
    }

    /** The service's API, built on first use. */
    CloudApi api() throws RmsClientException {
        return endpoint().api();
    }

    /** Drops the certificate and, with it, our reference to the holder's private key. */
    void forget() {
        // The private key object cannot be wiped, but dropping our references lets it go.
        certified = null;
    }

    /**
     * The certificate to act with: the one in hand or the cached one while fresh, else (or with {@code renew}) a new
     * one from the service.
     */
    Certified certified(boolean renew) throws RmsClientException {
        Certified c = certified;
        Instant now = clock.instant();
        if (!renew && c != null && c.freshAt(now)) {
            return c;
        }
        synchronized (lock) {
            c = certified;
            if (!renew && c != null && c.freshAt(now)) {
                return c;
            }
            requireIdentity("obtain a server certificate");
            Endpoint ep = endpoint();
            KeyPair holder = store.holderKey();
            String cacheKey = HolderKeyStore.cacheKey(config.serviceUrl().toString(), ep.identityKey());
            if (!renew) {
                CertifyResponse cached = store.cachedCertificate(cacheKey).orElse(null);
                c = cached == null ? null : usable(cached, holder, now, true);
            } else {
                c = null;
            }
            if (c == null) {
                CertifyResponse fresh = ep.api().certify(new CertifyRequest(PublicJwk.of(publicKey(holder)),
                        ep.certifyAs()));
                c = usable(fresh, holder, now, false);
                if (c == null) {
                    throw new RmsClientException(RmsClientException.BAD_RESPONSE, "the service issued a server "
                            + "certificate that is not valid for this client's key now; check this computer's clock");
                }
                store.storeCertificate(cacheKey, fresh);
            }
            certified = c;
            return c;
        }
    }

    /**
     * A verified certificate for our key, or null (expired, for another key). A cached one must
     * also stay valid a while ({@link Certified#RENEW_BEFORE}); a fresh one need only be valid,
     * whatever lifetime the service chose.
     */
    private static Certified usable(CertifyResponse r, KeyPair holder, Instant now, boolean cached)
            throws RmsClientException {
        ServerCertificate cert;
        try {
            cert = ServerCertificate.verify(r.certificate(), r.tenantKey().publicKey(), now);
        } catch (ProtocolException e) {
            if (e.reason() == Reason.EXPIRED || e.reason() == Reason.NOT_YET_VALID) {
                return null;
            }
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "the server certificate does not verify with the tenant key sent with it: " + e.getMessage(), e);
        }
        if (!cert.publicKey().equals(PublicJwk.of(publicKey(holder)))) {
            return null;
        }
        Certified c = new Certified(holder, cert, r.licensorChain(), licenseSigningKey(r, cert));
        return !cached || c.freshAt(now) ? c : null;
    }

    /**
     * The tenant's license signing key of the answer, when it has one: trusted only when a licensor-chain key
     * endorsed it for the certificate's tenant.
     */
    private static LicenseSigningKey licenseSigningKey(CertifyResponse r, ServerCertificate cert)
            throws RmsClientException {
        if (r.licenseSigningKey() == null) {
            return null;
        }
        try {
            String kid = LicenseSigningKey.endorserKid(r.licenseSigningKey());
            PublicJwk endorser = r.licensorChain().stream().filter(k -> k.kid().equals(kid)).findFirst()
                    .orElseThrow(() -> new ProtocolException(Reason.WRONG_KEY, "it is endorsed by key " + kid
                            + ", which is not in the licensor chain"));
            LicenseSigningKey key = LicenseSigningKey.verify(r.licenseSigningKey(), endorser.publicKey());
            if (!key.issuer().equals(cert.issuer())) {
                throw new ProtocolException(Reason.BINDING_MISMATCH, "it is for tenant " + key.issuer()
                        + ", not for " + cert.issuer());
            }
            return key;
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "the service's license signing key cannot be trusted: " + e.getMessage(), e);
        }
    }

    private static RSAPublicKey publicKey(KeyPair kp) {
        return (RSAPublicKey) kp.getPublic();
    }

    private Endpoint endpoint() throws RmsClientException {
        synchronized (lock) {
            if (endpoint == null) {
                boolean certificate = config.identity().orElse(null) instanceof ClientConfig.ClientCertificate;
                Tls tls = injectedApi == null || certificate ? Tls.of(config) : null;
                CloudApi api = injectedApi != null ? injectedApi : new HttpCloudApi(config, tls);
                String identityKey;
                String certifyAs;
                if (config.identity().orElse(null) instanceof ClientConfig.User u) {
                    identityKey = "user:" + u.upn().toLowerCase(Locale.ROOT);
                    certifyAs = u.upn();
                } else if (config.identity().orElse(null) instanceof ClientConfig.Kerberos k
                        && k.principal() != null) {
                    identityKey = "kerberos:" + k.principal().toLowerCase(Locale.ROOT);
                    certifyAs = SpnegoTokens.account(k.principal());
                } else if (config.identity().orElse(null) instanceof ClientConfig.Kerberos k) {
                    // the ticket cache's own principal, as after kinit
                    String principal = new SpnegoTokens(k, config.serviceUrl().getHost()).clientPrincipal();
                    identityKey = "kerberos:" + principal.toLowerCase(Locale.ROOT);
                    certifyAs = SpnegoTokens.account(principal);
                } else if (tls != null && tls.clientCertificate() != null) {
                    identityKey = "cert:" + tls.clientFingerprint().orElseThrow();
                    certifyAs = serverAccount(tls.clientCommonName().orElseThrow());
                } else {
                    identityKey = "anonymous";
                    certifyAs = null;
                }
                endpoint = new Endpoint(api, identityKey, config.certifyAs().orElse(certifyAs));
            }
            return endpoint;
        }
    }

    // A refusal of the request as a whole that a fresh certificate (and tenant key) can cure.
    static boolean certificateProblem(RmsClientException e) {
        return e.httpStatus() / 100 == 4 && CERTIFICATE_PROBLEMS.contains(e.code());
    }

    void requireIdentity(String what) throws RmsClientException {
        if (config.identity().isEmpty()) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                    "an identity is needed to " + what
                            + ": configure a user (UPN and password), a client certificate or Kerberos");
        }
    }

    /**
     * The account a server's certificate stands for, as the connector's authorization maps it by default: a host
     * name ({@code exch01.contoso.com}) is the computer account {@code EXCH01$}; anything else is taken as is. A
     * different mapping is named with {@code certifyAs}.
     */
    static String serverAccount(String commonName) {
        String cn = commonName.strip();
        if (cn.contains("@") || cn.contains(" ") || cn.contains("\\")) {
            return cn;
        }
        String label = cn.contains(".") ? cn.substring(0, cn.indexOf('.')) : cn;
        if (label.isEmpty() || !label.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
            return cn;
        }
        return label.toUpperCase(Locale.ROOT) + "$";
    }
}
