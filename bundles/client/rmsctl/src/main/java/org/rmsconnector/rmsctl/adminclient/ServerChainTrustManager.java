package org.rmsconnector.rmsctl.adminclient;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * rmsctl's side of a handshake that judges the server's chain but not its name: every server check comes down to
 * {@link #checkServerTrusted(X509Certificate[], String)}. JSSE leaves the endpoint identification to an
 * {@link X509ExtendedTrustManager}, so ignoring the socket or engine here is what turns the name check off, and
 * only that. A client certificate is never judged: rmsctl is the client.
 */
abstract class ServerChainTrustManager extends X509ExtendedTrustManager {

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("rmsctl is a client");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("rmsctl is a client");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("rmsctl is a client");
    }
}
