package org.rmsconnector.rmsctl.adminclient;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.rmsconnector.client.internal.files.TrustMaterial;

/**
 * Whom rmsctl trusts for the connector's HTTPS certificate: the JVM's CAs, or exactly the certificates of
 * {@code --trust-store} and {@code --trust-cert} (the same rule as the SDK: never a mix, never "trust all").
 */
public final class AdminTrust {

    /** The protocols rmsctl speaks to the connector. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final X509ExtendedTrustManager trustManager;
    private final boolean jvmDefault;

    private AdminTrust(X509ExtendedTrustManager trustManager, boolean jvmDefault) {
        this.trustManager = trustManager;
        this.jvmDefault = jvmDefault;
    }

    /**
     * The trust for these options; without a store and certificates, the JVM's CAs.
     *
     * @throws IllegalArgumentException a file that cannot be read, naming it
     */
    public static AdminTrust of(Path trustStore, char[] storePassword, List<Path> certificates) {
        if (trustStore == null && certificates.isEmpty()) {
            return new AdminTrust(trustManager(null), true);
        }
        try {
            KeyStore anchors = TrustMaterial.anchors(trustStore, certificates, storePassword,
                    "password (--trust-store-password-file)");
            return new AdminTrust(trustManager(anchors), false);
        } catch (TrustMaterial.Unreadable e) {
            throw new IllegalArgumentException(e.getMessage(), e.getCause());
        }
    }

    /** The trust manager; it checks the chain and, given a socket or engine, the host name. */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** Whether this is the JVM's default trust (no --trust-store or --trust-cert). */
    public boolean jvmDefault() {
        return jvmDefault;
    }

    /**
     * A TLS context. {@code checkHostName} false keeps the chain check but accepts a certificate for another name:
     * only for {@code rmsctl doctor --insecure}, which reports the mismatch.
     */
    public SSLContext context(boolean checkHostName) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManager tm = checkHostName ? trustManager : new ChainOnly(trustManager);
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore anchors) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JVM offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the trust manager: " + e.getMessage(), e);
        }
    }

    /** Checks the chain but not the name (see {@link ServerChainTrustManager}). */
    private static final class ChainOnly extends ServerChainTrustManager {
        private final X509ExtendedTrustManager delegate;

        ChainOnly(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
