package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The attacks of the "Parsing" finding, each repeated against the running distribution's connector (the relay, as
 * the demo's Exchange server EXCH01 over mutual TLS) and its embedded cloud service (as the demo user alice): a
 * member repeated inside {@code items[]}, a lone surrogate (escaped and raw), bytes that are not UTF-8, a body that
 * is not {@code application/json}, a 60 KB header. Each gets the answer docs/protocol.md §2.1 documents (400 naming
 * the field, 415 saying what is expected, 431), on a connection the same client then uses for a normal request that
 * still succeeds; and the clients of the project (rmsctl through the connector, the SDK at the service) still work.
 */
public class StrictInputIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String JWS = "eyJhbGciOiJQUzI1NiJ9.eyJ2ZXIiOjF9.c2ln";
    private static final String LICENSE = "/_wmcs/licensing/license.asmx";
    private static final String TEMPLATES = "/_wmcs/licensing/templatedistribution.asmx";

    private static InstalledNode node;
    private static Path work;
    private static String template;
    /** EXCH01, as the demo's Exchange server calls the connector: its client certificate, the node's TLS trust. */
    private static HttpClient exchangeServer;
    /** An online user calling the cloud service directly. */
    private static HttpClient onlineUser;
    private static String alice;

    /** One of the two doors under attack: where it is, who knocks, and how it spells its error codes. */
    private record Door(String name, HttpClient client, URI base, Map<String, String> headers, String codeMember,
            String badJsonCode) {
        URI uri(String path) {
            return base.resolve(path);
        }
    }

    @BeforeClass
    public static void startNode() throws Exception {
        node = InstalledNode.install().start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        template = DemoServers.awaitReadyAndFindTemplate(node, work);
        exchangeServer = mutualTls("EXCH01");
        onlineUser = node.client();
        String password = Files.readString(node.home.resolve("data/cloud/demo/alice@contoso.com.password")).strip();
        alice = "Basic " + Base64.getEncoder().encodeToString(("alice@contoso.com:" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @AfterClass
    public static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private static List<Door> doors() {
        return List.of(
                new Door("connector", exchangeServer, node.connector("/"), Map.of("X-RMS-Workload", "exchange"),
                        "error", "bad_request"),
                new Door("cloud service", onlineUser, node.cloud("/"), Map.of("Authorization", alice), "code",
                        "malformed"));
    }

    @Test
    public void aMemberRepeatedInsideItemsIsRefusedNamingItsPath() throws Exception {
        String body = "{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS + "\"},"
                + "{\"publishingLicense\":\"" + JWS + "\"},{\"publishingLicense\":\"" + JWS + "\","
                + "\"publishingLicense\":\"" + JWS.replace("c2ln", "b3RoZXI") + "\"}]}";
        for (Door door : doors()) {
            HttpResponse<String> answer = post(door, "application/json", utf8(body));
            assertRefused(door, answer, 400, door.badJsonCode());
            assertTrue(door.name() + ": " + answer.body(), message(answer).startsWith(
                    "AcquireLicenseRequest.items[2].publishingLicense: duplicate member name"));
            assertStillServes(door);
        }
    }

    @Test
    public void anEscapedLoneSurrogateIsRefusedNamingItsPath() throws Exception {
        String body = "{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS + "\","
                + "\"onBehalfOf\":\"bob\\ud800@contoso.com\"}]}";
        for (Door door : doors()) {
            HttpResponse<String> answer = post(door, "application/json", utf8(body));
            assertRefused(door, answer, 400, door.badJsonCode());
            assertTrue(door.name() + ": " + answer.body(), message(answer).startsWith(
                    "AcquireLicenseRequest.items[0].onBehalfOf: lone surrogate \\ud800"));
            assertStillServes(door);
        }
    }

    @Test
    public void aRawLoneSurrogateIsRefusedNotReplaced() throws Exception {
        // U+D800 written as UTF-8 would be (CESU-8): not UTF-8, so no decoder may turn it into text
        byte[] body = bytes("{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS
                + "\",\"onBehalfOf\":\"bob", new int[] {0xed, 0xa0, 0x80}, "@contoso.com\"}]}");
        for (Door door : doors()) {
            HttpResponse<String> answer = post(door, "application/json", body);
            assertRefused(door, answer, 400, door.badJsonCode());
            assertTrue(door.name() + ": " + answer.body(), message(answer).startsWith(
                    "AcquireLicenseRequest.items[0].onBehalfOf: not UTF-8: byte "));
            assertStillServes(door);
        }
    }

    @Test
    public void bytesThatAreNotUtf8AreRefusedNamingTheField() throws Exception {
        byte[] body = bytes("{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS
                + "\",\"onBehalfOf\":\"bob", new int[] {0xff}, "@contoso.com\"}]}");
        int at = ("{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS
                + "\",\"onBehalfOf\":\"bob").length();
        for (Door door : doors()) {
            HttpResponse<String> answer = post(door, "application/json; charset=utf-8", body);
            assertRefused(door, answer, 400, door.badJsonCode());
            assertTrue(door.name() + ": " + answer.body(), message(answer).startsWith(
                    "AcquireLicenseRequest.items[0].onBehalfOf: not UTF-8: byte " + at + " (0xff)"));
            assertFalse("not replaced by U+FFFD: " + answer.body(), answer.body().contains("\ufffd"));
            assertStillServes(door);
        }
    }

    @Test
    public void aTextBodyGets415SayingWhatIsExpected() throws Exception {
        String body = "{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS + "\"}]}";
        for (Door door : doors()) {
            HttpResponse<String> answer = post(door, "text/plain", utf8(body));
            assertRefused(door, answer, 415, "unsupported_media_type");
            assertTrue(door.name() + ": " + answer.body(), message(answer).contains("'text/plain' is not accepted")
                    && message(answer).contains("application/json"));
            assertStillServes(door);

            HttpResponse<String> untyped = post(door, null, utf8(body));
            assertRefused(door, untyped, 415, "unsupported_media_type");
            assertTrue(door.name() + ": " + untyped.body(), message(untyped).contains("no Content-Type"));

            HttpResponse<String> latin1 = post(door, "application/json; charset=iso-8859-1", utf8(body));
            assertRefused(door, latin1, 415, "unsupported_media_type");
            assertTrue(door.name() + ": " + latin1.body(), message(latin1).contains("JSON bodies are UTF-8"));
            assertStillServes(door);
        }
    }

    @Test
    public void a60KilobyteHeaderGets431AndTheConnectionServesOn() throws Exception {
        for (Door door : doors()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                HttpRequest.Builder request = request(door, TEMPLATES).header("X-Padding", "a".repeat(60_000)).GET();
                HttpResponse<String> answer = door.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertRefused(door, answer, 431, "header_too_large");
                assertTrue(door.name() + ": " + answer.body(), message(answer).contains("at most 16384"));
                assertFalse(door.name() + ": the connection stays open",
                        answer.headers().firstValue("Connection").orElse("").equalsIgnoreCase("close"));
                assertStillServes(door);
            }
        }
    }

    /** Clients of the project still work end to end: they declare their JSON bodies as application/json. */
    @Test
    public void theProjectsClientsStillPublishAndLicense() throws Exception {
        Path doc = DemoServers.officeDocument(work.resolve("strict.docx"), "strict input");
        InstalledNode.Run protect = DemoServers.as(node, work, "FS01", "protect", doc.toString(), "--template",
                template);
        assertEquals(protect.err(), 0, protect.exit());
        InstalledNode.Run open = DemoServers.as(node, work, "EXCH01", "unprotect", work.resolve("strict.docx.rmsp")
                .toString(), "-o", work.resolve("strict-opened.docx").toString());
        assertEquals(open.err(), 0, open.exit());

        Path report = Files.writeString(work.resolve("strict.txt"), "strict input, online");
        InstalledNode.Run online = node.rmsctl(Map.of("RMS_SERVICE_URL", node.cloud("").toString()),
                DemoServers.CLI, "--user", "alice@contoso.com", "--password-file",
                node.home.resolve("data/cloud/demo/alice@contoso.com.password").toString(), "--home",
                work.resolve("home-alice").toString(), "protect", report.toString(), "--grant",
                "bob@contoso.com:VIEW");
        assertEquals(online.err(), 0, online.exit());
    }

    // --- helpers

    private static HttpRequest.Builder request(Door door, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(door.uri(path.substring(1))).timeout(DEADLINE);
        door.headers().forEach(b::header);
        return b;
    }

    private static HttpResponse<String> post(Door door, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = request(door, LICENSE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return door.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A normal request on the same client, so on the connection the attack used when it was kept open. */
    private static void assertStillServes(Door door) throws Exception {
        HttpResponse<String> list = door.client().send(request(door, TEMPLATES).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(door.name() + ": " + list.body(), 200, list.statusCode());
        assertTrue(door.name() + ": " + list.body(), list.body().startsWith("{\"templates\":["));
    }

    private static void assertRefused(Door door, HttpResponse<String> answer, int status, String code)
            throws Exception {
        assertEquals(door.name() + ": " + answer.body(), status, answer.statusCode());
        Map<String, Object> error = JSONObjectUtils.parse(answer.body());
        assertEquals(door.name() + ": " + answer.body(), code, error.get(door.codeMember()));
        assertTrue(door.name() + ": " + answer.body(), error.get("requestId") instanceof String);
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    private static String message(HttpResponse<String> answer) throws Exception {
        return (String) JSONObjectUtils.parse(answer.body()).get("message");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(before));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(utf8(after));
        return out.toByteArray();
    }

    /** An HTTP client with a demo server's client certificate that trusts exactly the node's TLS certificate. */
    private static HttpClient mutualTls(String server) throws Exception {
        char[] demoPassword = Files.readString(node.home.resolve("data/demo-password")).strip().toCharArray();
        KeyStore identity = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(node.home.resolve("data/demo/" + server + ".p12"))) {
            identity.load(in, demoPassword);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, demoPassword);
        char[] tlsPassword = Files.readString(node.home.resolve("data/tls-password")).strip().toCharArray();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(node.home.resolve("data/tls/connector.p12"))) {
            trust.load(in, tlsPassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
