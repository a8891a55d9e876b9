package org.rmsconnector.rmsctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.TestPki;
import org.rmsconnector.rmsctl.admin.AdminCommandTest.Run;
import org.rmsconnector.rmsctl.adminclient.FakeAdminApi;

/** {@code rmsctl genconfig} and {@code rmsctl doctor} against local HTTPS servers with good and wrong certificates. */
class GenconfigDoctorTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static FakeAdminApi api;
    static FakeAdminApi otherName;
    static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        api = FakeAdminApi.https(pki.serverContext("localhost"));
        otherName = FakeAdminApi.https(pki.serverContext("other"));
        passwordFile = Files.writeString(dir.resolve("console-password"), FakeAdminApi.PASSWORD + "\n",
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        api.close();
        otherName.close();
    }

    @BeforeEach
    void clear() {
        api.requests.clear();
        otherName.requests.clear();
        api.doctorFindings = List.of(FakeAdminApi.finding("RMS cloud reachable", "OK", "answered in 40 ms"),
                FakeAdminApi.finding("RMS HTTPS certificate", "WARN", "self-signed; import it on every server"));
    }

    static String trust(String name) {
        return pki.pem(name).toString();
    }

    @Test
    void genconfigWritesTheFileAtomicallyAndWarningsGoToStderr(@TempDir Path out) throws IOException {
        Run r = AdminCommandTest.rmsctl("--trust-cert", trust("localhost"), "genconfig", "--connector",
                api.uri().toString(), "--workload", "Exchange", "-o", out.toString());
        assertEquals(0, r.code(), r::toString);
        FakeAdminApi.Recorded sent = api.last();
        assertEquals("/server-configuration", sent.path());
        assertEquals("workload=exchange&connector=https%3A%2F%2Flocalhost%3A" + api.uri().getPort() + "&format=reg",
                sent.rawQuery());
        assertNull(sent.header("Authorization"), "genconfig sends no credentials");
        Path file = out.resolve("rms-connector-exchange.reg");
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(content.startsWith("Windows Registry Editor Version 5.00\r\n"), content);
        assertTrue(content.contains("\"" + api.uri() + "\""), content);
        assertTrue(r.err().contains("rmsctl: warning: localhost names this node only"), r::toString);
        assertEquals(List.of("rms-connector-exchange.reg"), List.of(out.toFile().list()), "no temporary file left");
    }

    @Test
    void genconfigPrintsToStdoutAndTakesTheServersUrl() {
        Run r = AdminCommandTest.rmsctl("--trust-cert", trust("localhost"), "genconfig", "--connector",
                api.uri().toString(), "--workload", "fci", "--format", "properties", "--server-url",
                "https://rms.contoso.com");
        assertEquals(0, r.code(), r::toString);
        assertEquals("connector=https://rms.contoso.com\n", r.out());
        assertEquals("", r.err());
        assertEquals("workload=fci&connector=https%3A%2F%2Frms.contoso.com&format=properties", api.last().rawQuery());

        Run json = AdminCommandTest.rmsctl("--trust-cert", trust("localhost"), "genconfig", "--connector",
                api.uri().toString(), "--workload", "fci", "--format", "ps1", "--json");
        assertEquals("rms-connector-fci.ps1", AdminCommandTest.parse(json.out()).get("fileName"));
    }

    @Test
    void genconfigWorksOverPlainHttpAndReportsErrors() {
        try (FakeAdminApi http = FakeAdminApi.http()) {
            Run r = AdminCommandTest.rmsctl("genconfig", "--connector", http.uri().toString(), "--workload",
                    "sharepoint", "--format", "ps1");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().startsWith("# sharepoint"), r::toString);
            http.workloads.remove("fci");
            Run missing = AdminCommandTest.rmsctl("genconfig", "--connector", http.uri().toString(), "--workload",
                    "fci");
            assertEquals(1, missing.code(), missing::toString);
            assertTrue(missing.err().contains("the fci adapter is not installed"), missing::toString);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(2, AdminCommandTest.rmsctl("genconfig", "--connector", api.uri().toString(), "--workload",
                "mail").code());
        assertEquals(2, AdminCommandTest.rmsctl("genconfig", "--connector", api.uri().toString()).code());
        assertEquals(2, AdminCommandTest.rmsctl("genconfig", "--connector", api.uri().toString(), "--workload",
                "fci", "--format", "xml").code());
    }

    static Run doctor(FakeAdminApi target, String trustName, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--trust-cert", trust(trustName), "doctor",
                "--connector", target.uri().toString(), "--password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return AdminCommandTest.rmsctl(args.toArray(String[]::new));
    }

    @Test
    void doctorPrintsEachFindingAndPassesWithWarnings() {
        Run r = doctor(api, "localhost");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("connector TLS (rmsctl): TLSv1."), r::toString);
        assertTrue(r.out().contains("OK        connector certificate name (rmsctl): names localhost"), r::toString);
        assertTrue(r.out().contains("WARN      RMS HTTPS certificate: self-signed; import it on every server"),
                r::toString);
        assertTrue(r.out().contains("doctor: ok (1 warning)"), r::toString);
        assertEquals("/doctor", api.last().path());

        api.doctorFindings = List.of(FakeAdminApi.finding("RMS clock", "CRITICAL", "skew 10 min; sync with NTP"));
        Run failed = doctor(api, "localhost", "--json");
        assertEquals(1, failed.code(), failed::toString);
        Map<String, Object> json = AdminCommandTest.parse(failed.out());
        assertEquals(false, json.get("ok"));
        assertTrue(failed.out().contains("\"source\":\"rmsctl\""), failed::toString);
        assertTrue(failed.out().contains("skew 10 min; sync with NTP"), failed::toString);
    }

    @Test
    void doctorReportsANameMismatchWithTheFixAndGoesOnOnlyWithInsecure() {
        Run strict = doctor(otherName, "other");
        assertEquals(1, strict.code(), strict::toString);
        assertTrue(strict.out().contains("CRITICAL  connector certificate name (rmsctl): the certificate names "
                + "other.example, not localhost"), strict::toString);
        assertTrue(strict.out().contains("fix: call the connector by a name the certificate holds (e.g. "
                + "https://other.example:" + otherName.uri().getPort() + ")"), strict::toString);
        assertTrue(otherName.requests.isEmpty(), "no password goes to an unverified server");

        Run insecure = doctor(otherName, "other", "--insecure");
        assertEquals(0, insecure.code(), insecure::toString);
        assertTrue(insecure.out().contains("WARN      connector certificate name (rmsctl)"), insecure::toString);
        assertEquals("/doctor", otherName.last().path());
    }

    @Test
    void doctorDoesNotSendThePasswordToAnUntrustedCertificateEvenWithInsecure() {
        Run r = AdminCommandTest.rmsctl("doctor", "--connector", api.uri().toString(), "--password-file",
                passwordFile.toString(), "--insecure");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("CRITICAL  connector certificate trusted (rmsctl): not trusted"), r::toString);
        assertTrue(r.out().contains("self-signed"), r::toString);
        assertTrue(r.out().contains("--trust-cert"), r::toString);
        assertTrue(api.requests.isEmpty(), "nothing was sent");
    }

    @Test
    void doctorExitsThreeWhenTheConnectorCannotBeReachedAndFourOnAWrongPassword() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = AdminCommandTest.rmsctl("doctor", "--connector", "https://localhost:" + closed, "--password-file",
                passwordFile.toString());
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.out().contains("CRITICAL  connector reachable (rmsctl)"), r::toString);

        Path wrong = Files.writeString(dir.resolve("wrong"), "nope");
        Run unauthenticated = AdminCommandTest.rmsctl("--trust-cert", trust("localhost"), "doctor", "--connector",
                api.uri().toString(), "--password-file", wrong.toString(), "--json");
        assertEquals(4, unauthenticated.code(), unauthenticated::toString);
        assertEquals(false, AdminCommandTest.parse(unauthenticated.out()).get("ok"));
        assertFalse(unauthenticated.out().contains("nope"));
    }
}
