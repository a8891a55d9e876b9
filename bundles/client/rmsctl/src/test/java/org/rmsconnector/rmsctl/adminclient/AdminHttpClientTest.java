package org.rmsconnector.rmsctl.adminclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.TestPki;

/** The admin API client against a real local HTTPS server: what it sends, and how it reads failures. */
class AdminHttpClientTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static FakeAdminApi api;
    static FakeAdminApi otherName;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        api = FakeAdminApi.https(pki.serverContext("localhost"));
        otherName = FakeAdminApi.https(pki.serverContext("other"));
    }

    @AfterAll
    static void stop() {
        api.close();
        otherName.close();
    }

    static AdminTrust trust(String name) {
        return AdminTrust.of(null, null, List.of(pki.pem(name)));
    }

    static AdminHttpClient client() {
        return AdminHttpClient.builder(api.uri()).trust(trust("localhost"))
                .credentials(FakeAdminApi.USER, FakeAdminApi.PASSWORD.toCharArray()).build();
    }

    @Test
    void aGetSendsBasicCredentialsAndAnEncodedQueryButNoRequestedBy() throws Exception {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("q", "Smith & Sons+ü/*");
        query.put("limit", 5);
        query.put("absent", null);
        AdminResponse r = client().get("/directory", query);
        assertEquals(200, r.status());
        FakeAdminApi.Recorded sent = api.last();
        assertEquals("GET", sent.method());
        assertEquals("/directory", sent.path());
        assertEquals("q=Smith%20%26%20Sons%2B%C3%BC%2F%2A&limit=5", sent.rawQuery());
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("admin:" + FakeAdminApi.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)), sent.header("Authorization"));
        assertEquals("application/json", sent.header("Accept"));
        assertNull(sent.header("X-Requested-By"), "a read needs no X-Requested-By");
    }

    @Test
    void aChangeCarriesRequestedByAndAJsonBodyThatSurvivesQuotesAndBackslashes() throws Exception {
        String account = "CONTOSO\\odd \"name\"\u00e9$";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account);
        body.put("kind", "COMPUTER");
        body.put("role", "sharepoint");
        AdminResponse r = client().postJson("/authorized-servers", body);
        assertEquals(201, r.status());
        FakeAdminApi.Recorded sent = api.last();
        assertEquals("POST", sent.method());
        assertEquals("rmsctl", sent.header("X-Requested-By"));
        assertTrue(sent.header("Content-Type").startsWith("application/json"));
        assertEquals(account, JSONObjectUtils.parse(sent.bodyText()).get("account"));
        assertEquals(account, JSONObjectUtils.parse(r.body()).get("account"));
        client().delete("/authorized-servers", Map.of("account", account, "role", "sharepoint"));
        assertEquals("DELETE", api.last().method());
        assertEquals("rmsctl", api.last().header("X-Requested-By"));
    }

    @Test
    void aDeleteEncodesBackslashAndDollarInTheQuery() throws Exception {
        api.servers.add(new LinkedHashMap<>(Map.of("account", "CONTOSO\\EXCH02$", "kind", "COMPUTER", "role",
                "exchange")));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("account", "CONTOSO\\EXCH02$");
        q.put("role", "exchange");
        assertEquals(204, client().delete("/authorized-servers", q).status());
        assertEquals("account=CONTOSO%5CEXCH02%24&role=exchange", api.last().rawQuery());
    }

    @Test
    void aFileIsPutAsAJavaArchive(@TempDir Path tmp) throws Exception {
        byte[] jar = {0x50, 0x4b, 3, 4, 1, 2, 3};
        Path file = Files.write(tmp.resolve("rms-fci-2.jar"), jar);
        AdminResponse r = client().putFile("/workloads/adapters/rms-fci-2.jar", file, "application/java-archive");
        assertEquals(201, r.status());
        assertEquals("PUT", api.last().method());
        assertEquals("rmsctl", api.last().header("X-Requested-By"));
        assertEquals(7, api.adapters.get("rms-fci-2.jar").length);
    }

    @Test
    void errorsCarryTheApiCodeMessageAndKind() {
        api.servers.add(new LinkedHashMap<>(Map.of("account", "SP01$", "kind", "COMPUTER", "role", "sharepoint")));
        AdminApiException conflict = assertThrows(AdminApiException.class, () -> client().postJson(
                "/authorized-servers", Map.of("account", "SP01$", "kind", "COMPUTER", "role", "sharepoint")));
        assertEquals(AdminApiException.Kind.REFUSED, conflict.kind());
        assertEquals(409, conflict.status());
        assertEquals("conflict", conflict.error());
        assertEquals("SP01$ is already authorized as sharepoint", conflict.getMessage());
        assertTrue(conflict.body().orElseThrow().contains("\"conflict\""));

        AdminApiException notFound = assertThrows(AdminApiException.class,
                () -> client().postJson("/workloads/nope/enable", null));
        assertEquals(AdminApiException.Kind.REFUSED, notFound.kind());
        assertEquals("not_found", notFound.error());

        AdminApiException wrong = assertThrows(AdminApiException.class, () -> AdminHttpClient.builder(api.uri())
                .trust(trust("localhost")).credentials("admin", "wrong".toCharArray()).build().get("/status", null));
        assertEquals(AdminApiException.Kind.UNAUTHENTICATED, wrong.kind());

        api.cloudDown = true;
        try {
            AdminApiException down = assertThrows(AdminApiException.class, () -> client().get("/status", null));
            assertEquals(AdminApiException.Kind.UNAVAILABLE, down.kind());
            assertEquals(Duration.ofSeconds(30), down.retryAfter().orElseThrow());
        } finally {
            api.cloudDown = false;
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AdminApiException e = assertThrows(AdminApiException.class, () -> AdminHttpClient
                .builder(URI.create("https://localhost:" + port)).trust(trust("localhost")).build().get("/status",
                        null));
        assertEquals(AdminApiException.Kind.UNREACHABLE, e.kind());
    }

    @Test
    void aSelfSignedCertificateIsRefusedUnlessTrustedAndAnotherNameUnlessAskedFor() throws Exception {
        AdminApiException untrusted = assertThrows(AdminApiException.class, () -> AdminHttpClient
                .builder(api.uri()).trust(AdminTrust.of(null, null, List.of())).build().get("/connectors", null));
        assertEquals(AdminApiException.Kind.TLS, untrusted.kind());

        AdminApiException wrongName = assertThrows(AdminApiException.class, () -> AdminHttpClient
                .builder(otherName.uri()).trust(trust("other")).build().get("/connectors", null));
        assertEquals(AdminApiException.Kind.TLS, wrongName.kind());

        // the name check off keeps the chain check: the localhost certificate is still refused here
        AdminApiException stillUntrusted = assertThrows(AdminApiException.class, () -> AdminHttpClient
                .builder(otherName.uri()).trust(trust("localhost")).checkHostName(false).build()
                .get("/connectors", null));
        assertEquals(AdminApiException.Kind.TLS, stillUntrusted.kind());

        AdminResponse r = AdminHttpClient.builder(otherName.uri()).trust(trust("other")).checkHostName(false)
                .credentials(FakeAdminApi.USER, FakeAdminApi.PASSWORD.toCharArray()).build().get("/connectors", null);
        assertEquals(200, r.status());
    }

    @Test
    void aTrustStoreWorksLikeATrustCertificate() throws Exception {
        AdminTrust t = AdminTrust.of(pki.keyStore("localhost"), TestPki.PASSWORD, List.of());
        assertFalse(t.jvmDefault());
        assertEquals(200, AdminHttpClient.builder(api.uri()).trust(t)
                .credentials(FakeAdminApi.USER, FakeAdminApi.PASSWORD.toCharArray()).build()
                .get("/connectors", null).status());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> AdminTrust.of(dir.resolve("nope.p12"), null, List.of()));
        assertTrue(missing.getMessage().contains("nope.p12"), missing.getMessage());
    }

    @Test
    void theProbeDescribesProtocolTrustAndName() throws Exception {
        TlsProbe.Result good = TlsProbe.probe(api.uri(), trust("localhost"), Duration.ofSeconds(10));
        assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(good.protocol()), good.protocol());
        assertNull(good.trustProblem());
        assertTrue(good.nameMatches());
        assertTrue(good.selfSigned());

        TlsProbe.Result untrusted = TlsProbe.probe(api.uri(), AdminTrust.of(null, null, List.of()),
                Duration.ofSeconds(10));
        assertNotNull(untrusted.protocol(), "the handshake completes so the certificate can be described");
        assertNotNull(untrusted.trustProblem());

        TlsProbe.Result mismatch = TlsProbe.probe(otherName.uri(), trust("other"), Duration.ofSeconds(10));
        assertNull(mismatch.trustProblem());
        assertFalse(mismatch.nameMatches());
        assertEquals(List.of("other.example"), mismatch.names());

        TlsProbe.Result byAddress = TlsProbe.probe(api.uri("127.0.0.1"), trust("localhost"), Duration.ofSeconds(10));
        assertTrue(byAddress.nameMatches(), "the certificate names 127.0.0.1 too");
    }

    @Test
    void aUrlWithUserInfoOrQueryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AdminHttpClient.builder(URI.create("https://a:b@h:1")));
        assertThrows(IllegalArgumentException.class, () -> AdminHttpClient.builder(URI.create("https://h:1/?x=1")));
        assertThrows(IllegalArgumentException.class, () -> AdminHttpClient.builder(URI.create("ftp://h")));
        assertEquals(URI.create("https://h:1/prefix/admin/api/status"),
                AdminHttpClient.builder(URI.create("https://h:1/prefix/")).build().uri("/status", null));
    }
}
