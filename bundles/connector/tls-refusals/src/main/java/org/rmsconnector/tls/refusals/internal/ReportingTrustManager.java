package org.rmsconnector.tls.refusals.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's trust manager, unchanged in what it decides, that tells the sink about each client certificate it
 * refuses before throwing the same exception on. Server certificates are not this listener's business and pass
 * straight through. A failure of the reporting itself is logged and never changes the TLS decision.
 */
final class ReportingTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReportingTrustManager.class);

    private final X509ExtendedTrustManager delegate;
    private final String listener;
    private final RefusalSink sink;

    ReportingTrustManager(X509ExtendedTrustManager delegate, String listener, RefusalSink sink) {
        this.delegate = delegate;
        this.listener = listener;
        this.sink = sink;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException | RuntimeException e) {
            report(chain, e, Refusal.peer(engine));
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException | RuntimeException e) {
            report(chain, e, Refusal.peer(socket));
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException | RuntimeException e) {
            report(chain, e, Refusal.UNKNOWN);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private void report(X509Certificate[] chain, Exception failure, String peer) {
        try {
            sink.refused(Refusal.of(chain, failure, peer, listener));
        } catch (RuntimeException e) {
            LOG.error("could not report a refused client certificate from {} on {}", peer, listener, e);
        }
    }
}
