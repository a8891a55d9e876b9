package org.rmsconnector.authorization.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.auth.AuthenticationException;
import org.rmsconnector.api.auth.Authenticator;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.authorization.internal.CertificateAccounts.HostMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a caller by its TLS client certificate: the chain must be within its validity period, chain to the
 * configured trust store (PKIX), optionally pass revocation checking, and allow client authentication. The
 * certificate is then mapped to an account ({@link CertificateAccounts}). A request without a certificate is not
 * this authenticator's kind: it answers empty so the next authenticator may try.
 *
 * <p>A chain that passed PKIX validation is not validated again for a few minutes ({@link ValidatedChains}): the
 * same server sends the same chain on every request. Its validity period and usage are still checked every time.
 */
@Component(service = Authenticator.class, configurationPid = ClientCertificateAuthenticator.PID,
        property = Constants.SERVICE_RANKING + ":Integer=" + ClientCertificateAuthenticator.RANKING)
@Designate(ocd = ClientCertificateConfiguration.class)
public class ClientCertificateAuthenticator implements Authenticator {
    static final String PID = "org.rmsconnector.authorization.certificate";
    static final String MECHANISM = "client-certificate";
    /** Above any other authenticator (Kerberos registers lower): a certificate, when presented, decides. */
    static final int RANKING = 1000;
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";
    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateAuthenticator.class);

    /** The configuration as it was read, with its trust store and the chains validated under it. */
    private record Settings(TrustStore trustStore, boolean revocation, boolean requireClientAuth,
            HostMapping hostMapping, ValidatedChains validated) {
    }

    private final Clock clock;
    private volatile Settings settings;
    /** PKIX validations actually run (not answered by {@link ValidatedChains}). */
    private final LongAdder validations = new LongAdder();

    @Activate
    public ClientCertificateAuthenticator(ClientCertificateConfiguration config) {
        this(config, Clock.systemUTC());
    }

    ClientCertificateAuthenticator(ClientCertificateConfiguration config, Clock clock) {
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(ClientCertificateConfiguration config) {
        HostMapping mapping;
        try {
            mapping = HostMapping.valueOf(config.host_mapping().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            LOG.error("host.mapping '{}' in {} is not one of COMPUTER_ACCOUNT, AS_IS; using COMPUTER_ACCOUNT",
                    config.host_mapping(), PID);
            mapping = HostMapping.COMPUTER_ACCOUNT;
        }
        TrustStore trustStore = new TrustStore(config.truststore_path(), config.truststore_type(),
                Secrets.resolve(config._truststore_password(), PID + " .truststore.password"), PID);
        // a new configuration (a trust store replaced, revocation turned on) trusts nothing validated before it
        settings = new Settings(trustStore, config.revocation_enabled(), config.require_client_auth_usage(), mapping,
                new ValidatedChains(clock));
        if (!trustStore.configured()) {
            LOG.warn("no client-certificate trust store is configured ({}: truststore.path): every client certificate"
                    + " will be refused", PID);
            return;
        }
        try {
            LOG.info("client certificates are validated against {} ({} trusted certificates, revocation checking {})",
                    trustStore.describe(), trustStore.anchors().size(), config.revocation_enabled() ? "on" : "off");
        } catch (AuthenticationException e) {
            // said again on every request that presents a certificate, with the same words
            LOG.error(e.getMessage(), e.getCause());
        }
    }

    @Override
    public Optional<Caller> authenticate(Credentials credentials) throws AuthenticationException {
        List<X509Certificate> chain = credentials.clientCertificates();
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        Settings s = settings;
        X509Certificate leaf = chain.get(0);
        Instant now = clock.instant();
        checkValidity(leaf, now, "the client certificate " + CertificateAccounts.subject(leaf));
        checkTrust(chain, s, now);
        if (s.requireClientAuth()) {
            checkUsage(leaf);
        }
        String account = CertificateAccounts.account(leaf, s.hostMapping());
        return Optional.of(new Caller(account, credentials.remoteAddress(), MECHANISM, credentials.secureChannel()));
    }

    private static void checkValidity(X509Certificate cert, Instant now, String what) throws AuthenticationException {
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new AuthenticationException(what + " expired on " + cert.getNotAfter().toInstant()
                    + "; issue a new certificate for this server and install it there", e);
        } catch (CertificateNotYetValidException e) {
            throw new AuthenticationException(what + " is not valid before " + cert.getNotBefore().toInstant()
                    + " (it is now " + now + "); check the clocks of this node and of the server, or wait until then",
                    e);
        }
    }

    /** How many chains were PKIX-validated, rather than found validated a moment ago. */
    long validations() {
        return validations.sum();
    }

    private void checkTrust(List<X509Certificate> chain, Settings s, Instant now) throws AuthenticationException {
        X509Certificate leaf = chain.get(0);
        TrustStore trustStore = s.trustStore();
        Set<TrustAnchor> anchors = trustStore.anchors();
        if (trustStore.contains(leaf)) {
            return; // the server's own certificate is pinned in the trust store
        }
        ByteBuffer fingerprint;
        try {
            fingerprint = ValidatedChains.fingerprint(chain);
        } catch (CertificateEncodingException e) {
            throw new AuthenticationException("the client certificate " + CertificateAccounts.subject(leaf)
                    + " could not be encoded: " + e.getMessage(), e);
        }
        if (s.validated().validated(fingerprint, anchors)) {
            return; // the same chain passed against the same anchors a moment ago
        }
        validations.increment();
        // the path to validate ends below the trust anchor: drop a root the client sent along
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && trustStore.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            try {
                validate(certPath, anchors, now, s.revocation());
                s.validated().remember(fingerprint, chain, anchors);
            } catch (CertPathValidatorException e) {
                if (s.revocation() && e.getReason() != BasicReason.REVOKED) {
                    // did the revocation check fail, or the path? Without it, the path alone answers
                    validate(certPath, anchors, now, false);
                    throw new CertPathValidatorException(e.getMessage(), e, e.getCertPath(), e.getIndex(),
                            BasicReason.UNDETERMINED_REVOCATION_STATUS);
                }
                throw e;
            }
        } catch (CertPathValidatorException e) {
            throw refusal(e, path, trustStore);
        } catch (InvalidAlgorithmParameterException e) {
            throw new AuthenticationException("the client-certificate trust store " + trustStore.describe()
                    + " cannot be used: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("the client certificate " + CertificateAccounts.subject(leaf)
                    + " could not be validated: " + e.getMessage(), e);
        }
    }

    private static void validate(CertPath path, Set<TrustAnchor> anchors, Instant now, boolean revocation)
            throws GeneralSecurityException {
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXParameters params = new PKIXParameters(anchors);
        params.setDate(Date.from(now));
        params.setRevocationEnabled(revocation);
        if (revocation) {
            // OCSP first, the CRL distribution points if OCSP cannot answer; no soft fail
            params.addCertPathChecker((PKIXRevocationChecker) validator.getRevocationChecker());
        }
        validator.validate(path, params);
    }

    private static AuthenticationException refusal(CertPathValidatorException e, List<X509Certificate> path,
            TrustStore trustStore) {
        X509Certificate leaf = path.get(0);
        int index = e.getIndex();
        X509Certificate culprit = index >= 0 && index < path.size() ? path.get(index) : leaf;
        String which = culprit == leaf ? "the client certificate " + CertificateAccounts.subject(leaf)
                : "the CA certificate " + CertificateAccounts.subject(culprit) + " in the chain of "
                        + CertificateAccounts.subject(leaf);
        if (e.getReason() == BasicReason.EXPIRED) {
            return new AuthenticationException(which + " expired on " + culprit.getNotAfter().toInstant()
                    + "; renew it and install the new chain on the server", e);
        }
        if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return new AuthenticationException(which + " is not valid before " + culprit.getNotBefore().toInstant()
                    + "; check the clocks of this node and of the server", e);
        }
        if (e.getReason() == BasicReason.REVOKED) {
            return new AuthenticationException(which + " has been revoked; issue a new certificate for the server",
                    e);
        }
        if (e.getReason() == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return new AuthenticationException("the revocation status of " + which + " could not be determined ("
                    + e.getMessage() + "); make its OCSP responder or CRL reachable from this node, or turn"
                    + " revocation.enabled off in configuration " + PID, e);
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return new AuthenticationException("the client certificate " + CertificateAccounts.subject(leaf)
                    + " issued by '" + path.get(path.size() - 1).getIssuerX500Principal().getName()
                    + "' is not trusted: no certificate in the trust store " + trustStore.describe()
                    + " issued it; add the issuing CA's certificate to that trust store, or give the server a"
                    + " certificate from a trusted CA", e);
        }
        return new AuthenticationException(which + " is not trusted (" + e.getMessage()
                + "); check that the server sends its whole chain and that its CA is in the trust store "
                + trustStore.describe(), e);
    }

    private static void checkUsage(X509Certificate leaf) throws AuthenticationException {
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new AuthenticationException("the client certificate " + CertificateAccounts.subject(leaf)
                    + " has a malformed extended key usage; issue a new certificate", e);
        }
        if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
            throw new AuthenticationException("the client certificate " + CertificateAccounts.subject(leaf)
                    + " is not for client authentication: its extended key usage " + usages + " lacks "
                    + CLIENT_AUTH + "; issue one with the client-authentication usage (or turn"
                    + " require.client.auth.usage off in configuration " + PID + ")");
        }
    }
}
