package org.rmsconnector.rmsctl.adminclient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Looks at the connector's TLS the way an on-premises server will: the protocol negotiated, the certificate shown,
 * whether it is trusted and whether it names the host of the URL. The handshake records the certificate instead of
 * judging it, so a wrong certificate can be described rather than only refused; the probe sends no byte of
 * application data (no password) over that connection and closes it.
 */
public final class TlsProbe {

    /**
     * What the handshake showed.
     *
     * @param protocol      the protocol negotiated ({@code TLSv1.3}), or {@code null} when the handshake failed
     * @param handshakeProblem why the handshake failed, or {@code null}
     * @param chain         the certificates the connector showed (the first is its own), empty when none
     * @param trustProblem  why the chain is not trusted, or {@code null} when it is
     * @param names         the names the certificate is valid for
     * @param nameMatches   whether the URL's host is one of them
     */
    public record Result(String protocol, String handshakeProblem, List<X509Certificate> chain, String trustProblem,
            List<String> names, boolean nameMatches) {

        /** The connector's own certificate, or {@code null}. */
        public X509Certificate certificate() {
            return chain.isEmpty() ? null : chain.get(0);
        }

        /** Whether the certificate is its own issuer. */
        public boolean selfSigned() {
            X509Certificate c = certificate();
            return c != null && c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
        }
    }

    private TlsProbe() {
    }

    /**
     * Connects to {@code url}'s host and port and shakes hands.
     *
     * @throws IOException the connector cannot be reached at all (refused, unknown host, timed out)
     */
    public static Result probe(URI url, AdminTrust trust, Duration timeout) throws IOException {
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 443;
        Recorder recorder = new Recorder(trust.trustManager());
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {recorder}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, false)) {
                SSLParameters params = tls.getSSLParameters();
                params.setProtocols(AdminTrust.PROTOCOLS);
                tls.setSSLParameters(params);
                try {
                    tls.startHandshake();
                } catch (SSLException e) {
                    return result(null, "no TLS 1.2 or 1.3 handshake: " + e.getMessage(), recorder, host);
                }
                return result(tls.getSession().getProtocol(), null, recorder, host);
            }
        }
    }

    private static Result result(String protocol, String problem, Recorder r, String host) {
        List<X509Certificate> chain = r.chain == null ? List.of() : List.of(r.chain);
        if (chain.isEmpty()) {
            return new Result(protocol, problem, chain, "no certificate was shown", List.of(), false);
        }
        return new Result(protocol, problem, chain, r.trustProblem, CertificateNames.of(chain.get(0)),
                CertificateNames.matches(chain.get(0), host));
    }

    /** Keeps the chain and the verdict of the real trust manager, and lets the handshake finish either way. */
    private static final class Recorder extends ServerChainTrustManager {
        private final X509ExtendedTrustManager judge;
        volatile X509Certificate[] chain;
        volatile String trustProblem;

        Recorder(X509ExtendedTrustManager judge) {
            this.judge = judge;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] presented, String authType) {
            chain = presented.clone();
            try {
                judge.checkServerTrusted(presented, authType); // the chain only: the name is judged apart
                trustProblem = null;
            } catch (CertificateException | RuntimeException e) {
                trustProblem = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
