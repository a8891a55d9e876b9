package org.rmsconnector.client.internal;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.internal.files.TrustMaterial;

/**
 * The TLS side of a configuration: the client certificate's key managers, the trust anchors,
 * and what the client certificate says about who we are. Trust is either the JVM's default,
 * or exactly the configured trust store and certificates, never a mix and never "trust all".
 *
 * @param context          the SSL context
 * @param clientCertificate the client certificate presented, when the identity is one
 */
record Tls(SSLContext context, X509Certificate clientCertificate) {

    /** How a wrong password is named in messages: the SDK's passwords come from the configuration. */
    private static final String PASSWORD = "password";

    /** Builds the TLS setup of {@code config}; every unreadable file is a BAD_ARGUMENT naming it. */
    static Tls of(ClientConfig config) throws RmsClientException {
        KeyManager[] keyManagers = null;
        X509Certificate clientCert = null;
        if (config.identity().orElse(null) instanceof ClientConfig.ClientCertificate cc) {
            char[] password = cc.password();
            KeyStore ks = loadKeyStore(cc.keyStore(), password, "client certificate");
            clientCert = firstKeyCertificate(ks, cc.keyStore());
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password);
                keyManagers = kmf.getKeyManagers();
            } catch (GeneralSecurityException e) {
                throw bad("the client certificate " + cc.keyStore() + " cannot be used: " + e.getMessage(), e);
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }
        TrustManager[] trustManagers = trustManagers(config);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, trustManagers, null);
            return new Tls(ctx, clientCert);
        } catch (GeneralSecurityException e) {
            throw bad("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The client certificate's common name (falling back to its whole subject), if there is one. */
    Optional<String> clientCommonName() {
        if (clientCertificate == null) {
            return Optional.empty();
        }
        String dn = clientCertificate.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the whole DN
        }
        return Optional.of(dn);
    }

    /** SHA-256 of the client certificate, base64url: a stable name for the identity it proves. */
    Optional<String> clientFingerprint() {
        if (clientCertificate == null) {
            return Optional.empty();
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(clientCertificate.getEncoded());
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(d));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrustManager[] trustManagers(ClientConfig config) throws RmsClientException {
        if (config.trustStore().isEmpty() && config.trustCertificates().isEmpty()) {
            return null; // the JVM's default trust
        }
        try {
            KeyStore anchors = TrustMaterial.anchors(config.trustStore().orElse(null), config.trustCertificates(),
                    config.trustStorePassword().orElse(null), PASSWORD);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            return tmf.getTrustManagers();
        } catch (TrustMaterial.Unreadable e) {
            throw bad(e.getMessage(), e.getCause());
        } catch (GeneralSecurityException e) {
            throw bad("cannot set up the trust anchors: " + e.getMessage(), e);
        }
    }

    private static X509Certificate firstKeyCertificate(KeyStore ks, Path file) throws RmsClientException {
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException e) {
            throw bad("cannot read the client certificate " + file + ": " + e.getMessage(), e);
        }
        throw bad("the client certificate file " + file + " holds no private key with a certificate", null);
    }

    private static KeyStore loadKeyStore(Path file, char[] password, String what) throws RmsClientException {
        try {
            return TrustMaterial.open(file, password, what, PASSWORD);
        } catch (TrustMaterial.Unreadable e) {
            throw bad(e.getMessage(), e.getCause());
        }
    }

    private static RmsClientException bad(String message, Throwable cause) {
        return new RmsClientException(RmsClientException.BAD_ARGUMENT, message, cause);
    }
}
