package org.rmsconnector.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.protocol.ServerCertificate;

/**
 * A server behind a connector: TLS with a client certificate, against an HTTPS tenant fixture
 * that demands one. Keys and certificates are made by the JDK's keytool, as an administrator would.
 */
class MutualTlsTest {

    static final char[] PW = "changeit".toCharArray();

    @TempDir
    static Path pki;
    static FakeCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", "server.p12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-storepass", "changeit",
                "-file", "server.pem");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=FILESRV01$, O=Contoso", "-validity", "2", "-storetype", "PKCS12", "-keystore", "client.p12",
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", "client.p12", "-storepass", "changeit",
                "-file", "client.pem");
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.pem", "-storetype", "PKCS12",
                "-keystore", "trust.p12", "-storepass", "changeit");
        cloud = FakeCloud.startTls(serverContext(), true);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true)
                .redirectOutput(pki.resolve("keytool.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finishes");
        assertEquals(0, p.exitValue(), () -> "keytool " + args[0] + ": " + read(pki.resolve("keytool.log")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore keys = KeyStore.getInstance(pki.resolve("server.p12").toFile(), PW);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PW);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.resolve("client.pem"))) {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("client", c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static ClientConfig.Builder server(Path home) {
        return ClientConfig.builder(cloud.uri()).clientCertificate(pki.resolve("client.p12"), PW).home(home)
                .workload("fci");
    }

    @Test
    void aServerWithAClientCertificateIsCertifiedAsItsAccountAndProtects(@TempDir Path dir) throws Exception {
        byte[] content = TestSupport.bytes(100_000, 5);
        Path in = Files.write(dir.resolve("budget.xlsx"), content);
        try (RmsClient fileServer = RmsClient.create(server(dir.resolve("home"))
                .trustCertificate(pki.resolve("server.pem")).build())) {
            ServerCertificate cert = fileServer.certify();
            assertEquals("FILESRV01$", cert.subject());
            assertEquals(ServerCertificate.ROLE_FCI, cert.role());
            fileServer.protectFile(in, dir.resolve("budget.xlsx.rmsp"), ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT);
            fileServer.unprotectFile(dir.resolve("budget.xlsx.rmsp"), dir.resolve("back.xlsx"), FileOptions.DEFAULT);
        }
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("back.xlsx")));
    }

    @Test
    void aTrustStoreWorksLikeATrustCertificate(@TempDir Path dir) throws Exception {
        try (RmsClient c = RmsClient.create(server(dir).trustStore(pki.resolve("trust.p12"), PW).build())) {
            assertEquals("FILESRV01$", c.certify().subject());
        }
    }

    @Test
    void theConnectorsOwnKeyStoreServesAsTrustStore(@TempDir Path dir) throws Exception {
        // what bin/rmsctl of a distribution passes: the node's PKCS#12 (key entry) and its password file
        try (RmsClient c = RmsClient.create(server(dir).trustStore(pki.resolve("server.p12"), PW).build())) {
            assertEquals("FILESRV01$", c.certify().subject());
        }
    }

    @Test
    void anUntrustedServerCertificateIsATlsFailureNotATrustAll(@TempDir Path dir) throws Exception {
        try (RmsClient c = RmsClient.create(server(dir).build())) {
            RmsClientException e = assertThrows(RmsClientException.class, c::certify);
            assertEquals(RmsClientException.TLS_FAILURE, e.code());
            assertTrue(e.getMessage().contains("trust"), e.getMessage());
        }
    }

    @Test
    void withoutAClientCertificateTheServerRefusesTheHandshake(@TempDir Path dir) throws Exception {
        ClientConfig c = ClientConfig.builder(cloud.uri()).user("alice@contoso.com", "alice-pw".toCharArray())
                .trustCertificate(pki.resolve("server.pem")).home(dir).build();
        try (RmsClient client = RmsClient.create(c)) {
            RmsClientException e = assertThrows(RmsClientException.class, client::certify);
            // TLS 1.3: the refusal arrives as a closed connection after the client's side of the handshake
            assertTrue(e.code().equals(RmsClientException.TLS_FAILURE)
                    || e.code().equals(RmsClientException.SERVICE_UNAVAILABLE), e.toString());
            assertTrue(e.getMessage().contains("client certificate"), e.getMessage());
        }
    }

    @Test
    void aWrongKeyStorePasswordIsABadArgumentNamingTheFile(@TempDir Path dir) throws Exception {
        ClientConfig c = ClientConfig.builder(cloud.uri()).clientCertificate(pki.resolve("client.p12"),
                "wrong".toCharArray()).trustCertificate(pki.resolve("server.pem")).home(dir).build();
        try (RmsClient client = RmsClient.create(c)) {
            RmsClientException e = assertThrows(RmsClientException.class, client::certify);
            assertEquals(RmsClientException.BAD_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("client.p12"), e.getMessage());
        }
    }
}
