package org.rmsconnector.client.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

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
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            List<Certificate> all = new ArrayList<>();
            if (trustStore != null) {
                all.addAll(certificates(load(trustStore, storePassword, "trust store")));
            }
            for (Path p : certificates) {
                all.addAll(certificateFile(p, storePassword));
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException("the trust store and certificates given hold no certificate");
            }
            for (int i = 0; i < all.size(); i++) {
                anchors.setCertificateEntry("trusted-" + i, all.get(i));
            }
            return new AdminTrust(trustManager(anchors), false);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up the trusted certificates: " + e.getMessage(), e);
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

    // PEM (one or more) or DER first; a PKCS#12 file of certificates otherwise.
    private static List<Certificate> certificateFile(Path file, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (!certs.isEmpty()) {
                return new ArrayList<>(certs);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("trust certificate " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read trust certificate " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            // not PEM or DER: a PKCS#12 file, tried below
        }
        return certificates(load(file, password == null ? new char[0] : password, "trust certificate"));
    }

    private static KeyStore load(Path file, char[] password, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the " + what + " " + file + " does not exist");
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password (--trust-store-password-file), or not a key store" : e.getMessage();
            throw new IllegalArgumentException("cannot open the " + what + " " + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(KeyStore ks) throws GeneralSecurityException {
        List<Certificate> out = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            Certificate c = ks.getCertificate(alias);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Checks the chain but not the name. An {@link X509ExtendedTrustManager} is trusted by JSSE to do the
     * endpoint identification itself, so leaving it out here is what turns the name check off, and only that.
     */
    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        ChainOnly(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("rmsctl is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("rmsctl is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("rmsctl is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
