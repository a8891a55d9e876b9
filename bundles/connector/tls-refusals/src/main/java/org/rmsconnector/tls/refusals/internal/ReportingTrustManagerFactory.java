package org.rmsconnector.tls.refusals.internal;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager factory that is the JDK's one (the algorithm the listener used before, PKIX by default) with each
 * X.509 trust manager wrapped in a {@link ReportingTrustManager}. Jetty initializes it with the listener's trust
 * store exactly as it did the JDK's.
 */
final class ReportingTrustManagerFactory extends TrustManagerFactorySpi {
    private final String delegateAlgorithm;
    private final String listener;
    private final RefusalSink sink;
    private TrustManagerFactory delegate;

    ReportingTrustManagerFactory(String delegateAlgorithm, String listener, RefusalSink sink) {
        this.delegateAlgorithm = delegateAlgorithm;
        this.listener = listener;
        this.sink = sink;
    }

    @Override
    protected void engineInit(KeyStore trustStore) throws KeyStoreException {
        try {
            delegate = TrustManagerFactory.getInstance(delegateAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new KeyStoreException(e);
        }
        delegate.init(trustStore);
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
        try {
            delegate = TrustManagerFactory.getInstance(delegateAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidAlgorithmParameterException(e);
        }
        delegate.init(parameters);
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        if (delegate == null) {
            throw new IllegalStateException("the trust manager factory is not initialized");
        }
        TrustManager[] managers = delegate.getTrustManagers();
        for (int i = 0; i < managers.length; i++) {
            if (managers[i] instanceof X509ExtendedTrustManager x509) {
                managers[i] = new ReportingTrustManager(x509, listener, sink);
            }
        }
        return managers;
    }
}
