package org.rmsconnector.tls.refusals.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch against a real Jetty 12.0.32 (the one Felix HTTP 1.1.8 embeds), set up as Felix sets up its HTTPS
 * listener: TLS 1.3/1.2, a key store, a trust store of client CAs and client certificates wanted; beside it a second
 * HTTPS listener without client certificates, as the embedded cloud's. Clients present their certificate whatever
 * CAs the server names, as curl or OpenSSL do.
 */
class TlsListenerWatchTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static TestPki pki;

    private final RecordingSink sink = new RecordingSink();
    private final TlsListenerWatch watch = new TlsListenerWatch(sink);
    private Server server;
    private ServerConnector clientCertificates;
    private ServerConnector plain;
    private ServletContextHandler context;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.get();
    }

    @BeforeEach
    void startJetty() throws Exception {
        server = new Server();
        clientCertificates = listener(true);
        plain = listener(false);
        server.addConnector(clientCertificates);
        server.addConnector(plain);
        context = new ServletContextHandler("/");
        server.setHandler(context);
        server.start();
    }

    @AfterEach
    void stopJetty() throws Exception {
        watch.deactivate();
        server.stop();
        assertNull(Security.getProvider(RefusalReportingProvider.NAME), "the provider leaves with the watch");
    }

    @Test
    void refusedCertificatesAreReportedWithReasonPeerAndListenerAndStillRefused() throws Exception {
        watch.contextInitialized(new ServletContextEvent(context.getServletContext()));
        String listener = "127.0.0.1:" + clientCertificates.getLocalPort();
        assertEquals(List.of(listener), watch.watchedListeners());

        int[] untrusted = refusedHandshake(pki.untrusted);
        int[] expired = refusedHandshake(pki.expired);
        int[] wrongUsage = refusedHandshake(pki.wrongUsage);

        assertRefusal(sink.await(0, DEADLINE), pki.untrusted, RefusalReason.UNTRUSTED, untrusted[0], listener);
        assertRefusal(sink.await(1, DEADLINE), pki.expired, RefusalReason.EXPIRED, expired[0], listener);
        assertRefusal(sink.await(2, DEADLINE), pki.wrongUsage, RefusalReason.WRONG_USAGE, wrongUsage[0], listener);
        assertEquals("HTTP/1.1 404 Not Found", request(clientCertificates, pki.good), "a good certificate works");
        assertEquals(3, sink.all().size(), "and is not reported");
    }

    @Test
    void aListenerThatAsksForNoClientCertificateIsLeftAlone() throws Exception {
        String before = plain.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory()
                .getTrustManagerFactoryAlgorithm();
        watch.watch(server);
        assertEquals(before, plain.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory()
                .getTrustManagerFactoryAlgorithm());
        assertEquals(List.of("127.0.0.1:" + clientCertificates.getLocalPort()), watch.watchedListeners());
    }

    @Test
    void whenTheContextStopsTheListenerIsSwitchedBackAndStillRefuses() throws Exception {
        SslContextFactory.Server tls = clientCertificates.getConnectionFactory(SslConnectionFactory.class)
                .getSslContextFactory();
        String original = tls.getTrustManagerFactoryAlgorithm();
        ServletContextEvent event = new ServletContextEvent(context.getServletContext());
        watch.contextInitialized(event);
        assertTrue(tls.getTrustManagerFactoryAlgorithm().startsWith(RefusalReportingProvider.ALGORITHM_PREFIX));
        assertTrue(Security.getProvider(RefusalReportingProvider.NAME) != null);

        watch.contextDestroyed(event);
        assertEquals(original, tls.getTrustManagerFactoryAlgorithm());
        assertEquals(List.of(), watch.watchedListeners());
        assertNull(Security.getProvider(RefusalReportingProvider.NAME), "no listener uses the provider any more");
        refusedHandshake(pki.expired);
        assertEquals(List.of(), sink.all(), "the JDK refuses alone again");

        watch.contextInitialized(event); // Felix restarted the listener
        refusedHandshake(pki.expired);
        assertEquals(RefusalReason.EXPIRED, sink.await(0, DEADLINE).reason());
    }

    @Test
    void theServerIsFoundBehindAWrapperOfJettysContextAsFelixWrapsIt() {
        ServletContext jetty = context.getServletContext();
        assertSame(server, JettyListeners.serverOf(jetty).orElseThrow());
        assertSame(server, JettyListeners.serverBehind(new Wrapper(jetty)).orElseThrow());
        assertFalse(JettyListeners.serverBehind(new Wrapper(null)).isPresent());
        assertFalse(JettyListeners.serverBehind("not a context").isPresent());
    }

    /** Stands for Felix's per-bundle context: a private field holding the context it wraps. */
    private record Wrapper(ServletContext delegatee) {
    }

    private static void assertRefusal(Refusal refusal, X509Certificate certificate, RefusalReason reason,
            int clientPort, String listener) {
        assertEquals(reason, refusal.reason(), refusal.toString());
        assertEquals(certificate.getSubjectX500Principal().getName(), refusal.subject());
        assertEquals(certificate.getIssuerX500Principal().getName(), refusal.issuer());
        assertEquals("127.0.0.1:" + clientPort, refusal.peer(), "the client's own address and port");
        assertEquals(listener, refusal.listener());
    }

    /** A handshake (and a request) with this certificate that must fail; the client's local port. */
    private int[] refusedHandshake(X509Certificate certificate) throws Exception {
        int[] port = new int[1];
        assertThrows(IOException.class, () -> request(clientCertificates, certificate, port),
                "the listener refuses " + certificate.getSubjectX500Principal());
        return port;
    }

    private String request(ServerConnector connector, X509Certificate certificate) throws Exception {
        return request(connector, certificate, new int[1]);
    }

    private String request(ServerConnector connector, X509Certificate certificate, int[] localPort)
            throws Exception {
        try (SSLSocket socket = (SSLSocket) client(certificate).getSocketFactory().createSocket("127.0.0.1",
                connector.getLocalPort())) {
            localPort[0] = socket.getLocalPort();
            socket.setSoTimeout((int) DEADLINE.toMillis());
            socket.startHandshake();
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            if (status == null) {
                throw new IOException("the listener closed the connection");
            }
            return status;
        }
    }

    private ServerConnector listener(boolean wantClientCertificates) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(pki.serverKeyStore.toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(TestPki.PASSWORD);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        if (wantClientCertificates) {
            tls.setTrustStorePath(pki.clientTrustStore.toString());
            tls.setTrustStoreType("PKCS12");
            tls.setTrustStorePassword(TestPki.PASSWORD);
            tls.setWantClientAuth(true);
        }
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    /** A client that presents this certificate (and the key) whatever CAs the server names. */
    private static SSLContext client(X509Certificate certificate) throws Exception {
        KeyStore keys = pki.clientKeyStore(certificate);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(keys, TestPki.PASSWORD.toCharArray());
        X509ExtendedKeyManager jdk = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        X509ExtendedKeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "client";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "client";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return jdk.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return jdk.getPrivateKey(alias);
            }
        };
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(TestPki.load(pki.serverKeyStore));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(new javax.net.ssl.KeyManager[] {always}, tmf.getTrustManagers(), null);
        return ssl;
    }
}
