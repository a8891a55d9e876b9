package org.rmsconnector.transport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the one {@link HttpClient} a node uses toward the cloud: HTTP/2 preferred (HTTP/1.1 when the server or
 * a proxy does not offer it), TLS 1.3 and 1.2 only, host name verification on, no redirects, the configured trust
 * and proxy. The client pools its connections; an HTTP/2 connection carries every call and the long-poll at once.
 */
public final class HttpClients {

    /** The only TLS versions offered to the cloud (F8: TLS 1.2 minimum). */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private HttpClients() {
    }

    public static HttpClient create(TransportSettings s, Executor executor) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(s.connectTimeout())
                .sslContext(sslContext(s.trustStore(), s.trustStorePassword()))
                .sslParameters(sslParameters());
        if (executor != null) {
            b.executor(executor);
        }
        if (s.proxy() != null) {
            // no Authenticator: proxy credentials go as a header (CloudHttp says why)
            b.proxy(s.proxy().selector());
        } else {
            b.proxy(HttpClient.Builder.NO_PROXY);
        }
        return b.build();
    }

    public static SSLParameters sslParameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(PROTOCOLS.clone());
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }

    /**
     * The TLS context: the JVM's default trust, or exactly the certificates of a PKCS#12 trust store (its trusted
     * certificate entries and the leaf certificate of each key entry, so the embedded cloud's own keystore can
     * serve as the trust store of the connector beside it).
     */
    public static SSLContext sslContext(Path trustStore, char[] password) {
        try {
            if (trustStore == null) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            KeyStore file = load(trustStore, password);
            int n = 0;
            for (String alias : Collections.list(file.aliases())) {
                Certificate cert = file.getCertificate(alias);
                if (cert != null) {
                    trusted.setCertificateEntry("trusted-" + n++, cert);
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException(TransportSettings.PID + ": the trust store " + trustStore
                        + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS toward the cloud: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(TransportSettings.PID + ": the trust store " + file
                    + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(TransportSettings.PID + ": the trust store " + file
                    + " is not readable by this process", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(TransportSettings.PID + ": cannot read the trust store " + file
                    + (Secrets.isWrongPassword(e) ? ": .trust.store.password is wrong"
                            : ": not a PKCS#12 file or damaged (" + e.getMessage() + ")"), e);
        }
    }

    public static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
