package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The installed distribution's HTTPS listeners at the TLS level. Client certificates the connector refuses in the
 * handshake — untrusted, expired, not for client authentication — each leave an event 4020 in {@code events.log}
 * (who, issued by whom, why, from which address and port) and count in {@code /metrics}, at most one event per
 * certificate and reason a minute; the demo servers keep working. And both listeners, the connector's and the
 * embedded cloud's, refuse a client that offers only CBC (or DHE, or RSA key exchange) suites and accept an AEAD one.
 * <p>
 * The refused clients present their certificate whatever CAs the connector names, as curl or OpenSSL do: a JDK
 * client would send no certificate at all to a server that does not name its issuer (that is the 401 of event 2000,
 * not a TLS refusal).
 */
public class TlsRefusalIT {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String PASSWORD = "tls-refusal-it";
    private static final String METRIC = "rms_tls_handshakes_refused_total";
    private static final String DEMO_CA = "CN=RMS Connector Demo CA,O=Contoso (demo)";
    private static InstalledNode node;
    private static Path work;

    @BeforeClass
    public static void startNode() throws Exception {
        node = InstalledNode.install().start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        DemoServers.awaitReadyAndFindTemplate(node, work);
        awaitText(node.home.resolve("log/connector.log"), "TLS listener 127.0.0.1:" + node.ports.httpsPort
                + ": refused client certificates are reported");
    }

    @AfterClass
    public static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void refusedClientCertificatesAreEventsWithWhoWhyAndFromWhereAndCountInMetrics() throws Exception {
        Client untrusted = selfSigned("untrusted.tls-it.contoso.com");
        Client expired = issuedByTheDemoCa("expired.tls-it.contoso.com", "-400d", 30, "EKU=clientAuth");
        Client wrongUsage = issuedByTheDemoCa("web.tls-it.contoso.com", "-1d", 30, "EKU=serverAuth");
        long untrustedBefore = refused("untrusted");
        long expiredBefore = refused("expired");
        long wrongUsageBefore = refused("wrong_usage");

        int untrustedPort = refusedHandshake(node.ports.httpsPort, untrusted);
        int expiredPort = refusedHandshake(node.ports.httpsPort, expired);
        int wrongUsagePort = refusedHandshake(node.ports.httpsPort, wrongUsage);

        assertEvent(untrusted, "untrusted", "CN=untrusted.tls-it.contoso.com,O=TlsRefusalIT", untrustedPort);
        assertEvent(expired, "expired", DEMO_CA, expiredPort);
        assertEvent(wrongUsage, "wrong_usage", DEMO_CA, wrongUsagePort);
        awaitMetric("untrusted", untrustedBefore + 1);
        awaitMetric("expired", expiredBefore + 1);
        awaitMetric("wrong_usage", wrongUsageBefore + 1);

        // the same certificate again within the minute: counted every time, one event for the lot
        for (int i = 0; i < 3; i++) {
            refusedHandshake(node.ports.httpsPort, expired);
        }
        awaitMetric("expired", expiredBefore + 4);
        assertEquals("one event per certificate and reason a minute:\n" + events(), 1,
                eventLines(expired.subject).size());

        // the demo servers, whose certificates the connector trusts, still work
        InstalledNode.Run templates = DemoServers.as(node, work, "EXCH01", "--json", "templates");
        assertEquals(templates.err(), 0, templates.exit());
        assertTrue(templates.out(), templates.out().contains("Contoso - Confidential"));
    }

    @Test
    public void bothListenersRefuseCbcDheAndRsaKeyExchangeSuitesAndAcceptAead() throws Exception {
        for (int port : new int[] {node.ports.httpsPort, node.ports.cloudPort}) {
            for (String suite : List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256")) {
                try (SSLSocket socket = socket(port, null, "TLSv1.2", suite)) {
                    socket.startHandshake();
                    fail("port " + port + " accepted " + suite);
                } catch (IOException expected) {
                    // no suite in common: the handshake fails
                }
            }
            for (String suite : List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")) {
                try (SSLSocket socket = socket(port, null, "TLSv1.2", suite)) {
                    socket.startHandshake();
                    assertEquals(suite, socket.getSession().getCipherSuite());
                }
            }
            try (SSLSocket socket = socket(port, null, "TLSv1.3", null)) {
                socket.startHandshake();
                assertTrue(socket.getSession().getCipherSuite(), List.of("TLS_AES_256_GCM_SHA384",
                        "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256").contains(
                                socket.getSession().getCipherSuite()));
            }
        }
    }

    // --- the refused clients

    /** A client key and the certificate it presents (with its issuer's, when it has one). */
    private record Client(String subject, PrivateKey key, Certificate[] chain) {
    }

    private static Client selfSigned(String host) throws Exception {
        Path store = work.resolve(host + ".p12");
        keytool("-genkeypair", "-keystore", store.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12",
                "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + host + ",O=TlsRefusalIT", "-ext", "EKU=clientAuth", "-validity", "30");
        KeyStore keys = load(store, PASSWORD);
        return new Client("CN=" + host + ",O=TlsRefusalIT", (PrivateKey) keys.getKey("client",
                PASSWORD.toCharArray()), keys.getCertificateChain("client"));
    }

    /** A certificate from the demo CA the connector trusts (data/demo/ca.p12), as the CA's operator would issue. */
    private static Client issuedByTheDemoCa(String host, String start, int days, String usage) throws Exception {
        Path store = work.resolve(host + ".p12");
        Path csr = work.resolve(host + ".csr");
        Path cer = work.resolve(host + ".cer");
        keytool("-genkeypair", "-keystore", store.toString(), "-storepass", PASSWORD, "-storetype", "PKCS12",
                "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host, "-validity",
                "1");
        keytool("-certreq", "-keystore", store.toString(), "-storepass", PASSWORD, "-alias", "client", "-file",
                csr.toString());
        String caPassword = Files.readString(node.home.resolve("data/demo-password")).trim();
        keytool("-gencert", "-keystore", node.home.resolve("data/demo/ca.p12").toString(), "-storepass", caPassword,
                "-alias", "ca", "-infile", csr.toString(), "-outfile", cer.toString(), "-dname",
                "CN=" + host + ",O=TlsRefusalIT", "-startdate", start, "-validity", Integer.toString(days), "-ext",
                usage);
        KeyStore ca = load(node.home.resolve("data/demo/ca.p12"), caPassword);
        X509Certificate leaf;
        try (InputStream in = Files.newInputStream(cer)) {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return new Client("CN=" + host + ",O=TlsRefusalIT",
                (PrivateKey) load(store, PASSWORD).getKey("client", PASSWORD.toCharArray()),
                new Certificate[] {leaf, ca.getCertificate("ca")});
    }

    /** A handshake and a request with this client's certificate that the listener must refuse; its local port. */
    private static int refusedHandshake(int port, Client client) throws Exception {
        try (SSLSocket socket = socket(port, client, null, null)) {
            int local = socket.getLocalPort();
            try {
                socket.startHandshake(); // under TLS 1.3 the refusal may only come with the first read
                socket.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertTrue("port " + port + " refuses " + client.subject + " but answered: " + status,
                        status == null);
            } catch (IOException refused) {
                // the handshake failed: what we want
            }
            return local;
        }
    }

    /** A TLS socket to the listener on 127.0.0.1, trusting exactly the node's certificate, as an administrator would. */
    private static SSLSocket socket(int port, Client client, String protocol, String suite) throws Exception {
        KeyStore serverCertificate = load(node.home.resolve("data/tls/connector.p12"),
                Files.readString(node.home.resolve("data/tls-password")).trim());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(serverCertificate);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(client == null ? null : new KeyManager[] {presenting(client)}, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout((int) DEADLINE.toMillis());
        if (protocol != null) {
            socket.setEnabledProtocols(new String[] {protocol});
        }
        if (suite != null) {
            socket.setEnabledCipherSuites(new String[] {suite});
        }
        return socket;
    }

    /** Presents the client's certificate whatever CAs the server names. */
    private static X509ExtendedKeyManager presenting(Client client) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.key(), PASSWORD.toCharArray(), client.chain());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(keys, PASSWORD.toCharArray());
        X509ExtendedKeyManager jdk = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        return new X509ExtendedKeyManager() {
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
    }

    // --- what the node says

    private static void assertEvent(Client client, String reason, String issuer, int clientPort) throws Exception {
        String line = awaitText(node.home.resolve("log/events.log"), "subject=\"" + client.subject + "\"");
        assertTrue(line, line.contains("event=4020 level=WARNING"));
        assertTrue(line, line.contains(" reason=\"" + reason + "\""));
        assertTrue(line, line.contains(" issuer=\"" + issuer + "\""));
        assertTrue(line, line.contains(" peer=\"127.0.0.1:" + clientPort + "\""));
        assertTrue(line, line.contains(" listener=\"127.0.0.1:" + node.ports.httpsPort + "\""));
        assertTrue(line, line.contains(" serial=\""));
    }

    private static List<String> eventLines(String subject) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : events().split("\n")) {
            if (line.contains("event=4020") && line.contains("subject=\"" + subject + "\"")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String events() throws IOException {
        Path events = node.home.resolve("log/events.log");
        return Files.exists(events) ? Files.readString(events) : "";
    }

    /** The line of the file holding the text, waiting for it up to the deadline. */
    private static String awaitText(Path file, String text) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(file)) {
                for (String line : Files.readString(file).split("\n")) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(text + " not in " + file + " within " + DEADLINE + ":\n"
                + (Files.exists(file) ? Files.readString(file) : "(no file)"));
    }

    private static long refused(String reason) throws Exception {
        HttpResponse<String> metrics = node.client().send(HttpRequest.newBuilder(node.connector("/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(metrics.body(), 200, metrics.statusCode());
        Matcher m = Pattern.compile("(?m)^" + METRIC + "\\{reason=\"" + reason + "\"\\} (\\d+)$")
                .matcher(metrics.body());
        assertTrue("no " + METRIC + " for " + reason + " in\n" + metrics.body(), m.find());
        return Long.parseLong(m.group(1));
    }

    private static void awaitMetric(String reason, long expected) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        long last = refused(reason);
        while (last != expected && System.nanoTime() < end) {
            Thread.sleep(50);
            last = refused(reason);
        }
        assertEquals(METRIC + "{reason=\"" + reason + "\"}", expected, last);
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        command.add("-noprompt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("keytool finishes", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
    }
}
