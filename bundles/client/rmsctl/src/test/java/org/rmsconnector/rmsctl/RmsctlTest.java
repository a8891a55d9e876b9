package org.rmsconnector.rmsctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rmsconnector.client.FakeCloud;
import org.rmsconnector.client.TestSupport;

/** rmsctl as a user meets it: arguments, messages, outputs and exit codes. */
class RmsctlTest {

    static FakeCloud cloud;
    @TempDir
    static Path homes;
    @TempDir
    Path dir;
    Path passwordFile;

    @BeforeAll
    static void start() throws IOException {
        cloud = FakeCloud.start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @BeforeEach
    void password() throws IOException {
        passwordFile = Files.writeString(homes.resolve("alice.pw"), "alice-pw\n");
    }

    @AfterEach
    void clearFailures() {
        cloud.fail(null);
    }

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run rmsctl(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rmsctl.execute(args, env, false, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Run rmsctl(String... args) {
        return rmsctl(Map.of(), args);
    }

    /** As alice against the fixture. */
    Run alice(String... args) {
        List<String> all = new ArrayList<>(List.of("--service", cloud.uri().toString(), "--user", "alice@contoso.com",
                "--password-file", passwordFile.toString(), "--home", homes.resolve("alice").toString()));
        all.addAll(List.of(args));
        return rmsctl(all.toArray(String[]::new));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    // ---------------------------------------------------------------- usage errors: exit 2, a message, no trace

    private static void assertUsage(Run r, String expected) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(expected), r.toString());
        assertTrue(r.err().contains("--help"), "points to the help: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void noCommandIsAUsageError() {
        assertUsage(rmsctl(), "no command given");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        Run r = rmsctl("protec", "x");
        assertUsage(r, "protec");
        assertTrue(r.err().contains("protect"), r.toString());
    }

    @Test
    void protectNeedsExactlyOneWayToProtect() throws IOException {
        Path f = file("a.txt", "a");
        assertUsage(alice("protect", f.toString()), "either --template ID or one or more --grant");
        assertUsage(alice("protect", f.toString(), "--template", "t", "--grant", "bob@contoso.com:VIEW"),
                "not both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@contoso.com", "bob@contoso.com:", ":VIEW"})
    void aMalformedGrantIsAUsageError(String grant) throws IOException {
        assertUsage(alice("protect", file("a.txt", "a").toString(), "--grant", grant), "expected USER:RIGHT");
    }

    @Test
    void anUnknownRightIsAUsageErrorListingTheRights() throws IOException {
        Run r = alice("protect", file("a.txt", "a").toString(), "--grant", "bob@contoso.com:VIEW,READ");
        assertUsage(r, "unknown right 'READ'");
        assertTrue(r.err().contains("VIEW EDIT DOCEDIT"), r.toString());
    }

    @Test
    void badExpiriesAndOfflineDaysAreUsageErrors() throws IOException {
        String f = file("a.txt", "a").toString();
        assertUsage(alice("protect", f, "--template", "t", "--expires", "next tuesday"), "expected YYYY-MM-DD");
        assertUsage(alice("protect", f, "--template", "t", "--expires", "2001-01-01"), "in the past");
        assertUsage(alice("protect", f, "--template", "t", "--expires", "2099-01-01", "--expires-days", "3"),
                "not both");
        assertUsage(alice("protect", f, "--template", "t", "--expires-days", "0"), "at least 1");
        assertUsage(alice("protect", f, "--template", "t", "--offline-days", "5000"), "between 0 and 3650");
    }

    @Test
    void whoYouAreMustBeSaid() throws IOException {
        String f = file("a.txt", "a").toString();
        assertUsage(rmsctl("--service", cloud.uri().toString(), "protect", f, "--template", "t"), "say who you are");
        assertUsage(rmsctl("--service", cloud.uri().toString(), "--user", "alice@contoso.com", "protect", f,
                "--template", "t"), "no password");
        assertUsage(rmsctl("--service", cloud.uri().toString(), "--user", "a@b", "--password-file",
                dir.resolve("missing").toString(), "templates"), "cannot read");
        assertUsage(alice("--workload", "mail", "templates"), "--workload");
        assertUsage(rmsctl("--service", "ftp://x", "server-info"), "--service");
    }

    @Test
    void kerberosIsOneWayToSayWhoYouAreAndAKeytabNeedsItsPrincipal() throws IOException {
        String url = cloud.uri().toString();
        assertUsage(rmsctl("--service", url, "--keytab", dir.resolve("exch01.keytab").toString(), "templates"),
                "--keytab needs --principal");
        assertUsage(rmsctl("--service", url, "--kerberos", "--user", "alice@contoso.com", "templates"),
                "not several");
        assertUsage(rmsctl("--service", url, "--kerberos", "--client-cert", dir.resolve("x.p12").toString(),
                "templates"), "not several");
    }

    @Test
    void aKerberosLoginThatFailsSaysFromWhatAndWhatToDo() throws IOException {
        Path keytab = Files.write(dir.resolve("empty.keytab"), new byte[] {5, 2});
        Run r = rmsctl("--service", cloud.uri().toString(), "--keytab", keytab.toString(), "--principal",
                "EXCH01$@CONTOSO.COM", "templates");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("Kerberos login from the keytab " + keytab + " as EXCH01$@CONTOSO.COM failed"),
                r::toString);
    }

    @Test
    void threadsOutOfRangeAreUsageErrors() throws IOException {
        String f = file("a.txt", "a").toString();
        assertUsage(alice("protect", f, "--template", "t", "--threads", "0"), "--threads must be between 1 and 64");
        assertUsage(alice("unprotect", f, "-o", dir.resolve("b").toString(), "--threads", "65"),
                "--threads must be between 1 and 64");
    }

    @Test
    void unprotectMustKnowTheOutputName() throws IOException {
        assertUsage(alice("unprotect", file("report.docx", "x").toString()), "name it with -o OUT");
    }

    @Test
    void aMissingInputIsAUsageError() {
        assertUsage(alice("protect", dir.resolve("nope.txt").toString(), "--template", FakeCloud.TEMPLATE_ID),
                "no such file");
        assertUsage(alice("unprotect", dir.resolve("nope.txt.rmsp").toString()), "no such file");
        assertUsage(rmsctl("info", dir.resolve("nope.rmsp").toString()), "no such file");
    }

    // ---------------------------------------------------------------- working commands

    @Test
    void protectInfoAndUnprotectRoundTrip() throws Exception {
        Path report = file("report.docx", "quarterly numbers");
        Run p = alice("protect", report.toString(), "--grant", "bob@contoso.com:view,print", "--expires-days", "30",
                "--offline-days", "2");
        assertEquals(0, p.code(), p.toString());
        Path prot = dir.resolve("report.docx.rmsp");
        assertTrue(Files.exists(prot), "protect X gives X.rmsp");
        assertTrue(p.out().contains("report.docx.rmsp"), p.toString());

        Run info = rmsctl("info", prot.toString()); // no service, no identity
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().contains("alice@contoso.com"), info.toString());
        assertTrue(info.out().contains("bob@contoso.com: VIEW,PRINT"), info.toString());

        Run json = rmsctl("--json", "info", prot.toString());
        Map<String, Object> m = JSONObjectUtils.parse(json.out().trim());
        assertEquals("alice@contoso.com", m.get("owner"));
        assertEquals(2L, ((Number) m.get("offlineDays")).longValue());
        assertTrue(m.containsKey("contentExpiry"));

        Files.delete(report);
        Run u = alice("unprotect", prot.toString());
        assertEquals(0, u.code(), u.toString());
        assertEquals("quarterly numbers", Files.readString(report), "unprotect X.rmsp gives X");
    }

    @Test
    void aLargeFileRoundTripsOnTheThreadsAsked() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        new java.util.Random(3).nextBytes(content);
        Path big = Files.write(dir.resolve("big.bin"), content);
        Run p = alice("protect", big.toString(), "--template", FakeCloud.TEMPLATE_ID, "--threads", "3");
        assertEquals(0, p.code(), p.toString());
        Files.delete(big);
        Run u = alice("unprotect", dir.resolve("big.bin.rmsp").toString(), "--threads", "1");
        assertEquals(0, u.code(), u.toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(content, Files.readAllBytes(big));
    }

    @Test
    void globalOptionsMayFollowTheCommandAndComeFromTheEnvironment() throws Exception {
        Path f = file("notes.txt", "n");
        Map<String, String> env = Map.of("RMS_SERVICE_URL", cloud.uri().toString(), "RMS_PASSWORD", "alice-pw",
                "RMS_USER", "alice@contoso.com", "RMSCTL_HOME", homes.resolve("alice").toString());
        Run r = rmsctl(env, "protect", f.toString(), "--template", FakeCloud.TEMPLATE_ID, "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(FakeCloud.TEMPLATE_ID,
                ((Map<?, ?>) JSONObjectUtils.parse(r.out().trim()).get("policy")).get("template"));
        Run t = rmsctl(Map.of(), "templates", "--service", cloud.uri().toString(), "--user", "alice@contoso.com",
                "--password-file", passwordFile.toString(), "--home", homes.resolve("alice").toString());
        assertEquals(0, t.code(), t.toString());
        assertTrue(t.out().contains(FakeCloud.TEMPLATE_ID), t.toString());
    }

    @Test
    void serverInfoNeedsNoCredentials() throws Exception {
        Run r = rmsctl("--service", cloud.uri().toString(), "--json", "server-info");
        assertEquals(0, r.code(), r.toString());
        assertEquals(FakeCloud.TENANT_ID, JSONObjectUtils.parse(r.out().trim()).get("tenantId"));
        Run text = rmsctl("--service", cloud.uri().toString(), "server-info");
        assertTrue(text.out().contains("Fake RMS"), text.toString());
    }

    // ---------------------------------------------------------------- refusals: exit 1, unavailability: exit 3

    @Test
    void anExistingOutputIsRefusedWithTheFlagThatAllowsIt() throws Exception {
        Path f = file("b.txt", "b");
        file("b.txt.rmsp", "precious");
        Run r = alice("protect", f.toString(), "--template", FakeCloud.TEMPLATE_ID);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("--overwrite"), r.toString());
        assertEquals("precious", Files.readString(dir.resolve("b.txt.rmsp")));
        assertEquals(0, alice("protect", f.toString(), "--template", FakeCloud.TEMPLATE_ID, "--overwrite").code());
    }

    @Test
    void aDamagedFileFailsWithAMessageAndATraceOnlyWithDebug() throws Exception {
        Path f = file("c.txt", "c".repeat(100_000));
        assertEquals(0, alice("protect", f.toString(), "--template", FakeCloud.TEMPLATE_ID).code());
        Path prot = dir.resolve("c.txt.rmsp");
        byte[] b = Files.readAllBytes(prot);
        b[b.length - 3] ^= 0x40;
        Files.write(prot, b);
        Files.delete(f);
        Run r = alice("unprotect", prot.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("damaged or was altered"), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
        assertFalse(Files.exists(f), "no partial output");

        Run debug = alice("--debug", "unprotect", prot.toString());
        assertEquals(1, debug.code());
        assertTrue(debug.err().contains("\tat "), "--debug shows the trace: " + debug);
    }

    @Test
    void accessDeniedIsARefusal() throws Exception {
        Path f = file("d.txt", "d");
        assertEquals(0, alice("protect", f.toString(), "--grant", "carol@contoso.com:VIEW").code());
        Files.writeString(homes.resolve("bob.pw"), "bob-pw");
        Run r = rmsctl("--service", cloud.uri().toString(), "--user", "bob@contoso.com", "--password-file",
                homes.resolve("bob.pw").toString(), "--home", homes.resolve("bob").toString(), "unprotect",
                dir.resolve("d.txt.rmsp").toString(), "-o", dir.resolve("bob.txt").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("ACCESS_DENIED"), r.toString());
    }

    @Test
    void anUnavailableServiceExitsWith3AndSaysWhen() throws Exception {
        Path f = file("e.txt", "e");
        cloud.fail(new FakeCloud.Failure(null, 503, "{\"code\":\"MAINTENANCE\",\"message\":\"back soon\"}",
                Map.of("Retry-After", "30")));
        Run r = alice("protect", f.toString(), "--template", FakeCloud.TEMPLATE_ID);
        assertEquals(3, r.code(), r.toString());
        assertTrue(r.err().contains("Try again in 30 s"), r.toString());
        assertEquals(List.of("e.txt"), TestSupport.filesIn(dir));

        cloud.fail(null);
        Run down = rmsctl("--service", "http://127.0.0.1:1", "server-info");
        assertEquals(3, down.code(), down.toString());
        assertTrue(down.err().contains("cannot reach the service"), down.toString());
    }

    @Test
    void aPlainFileIsNotProtected() throws Exception {
        Path f = file("plain.rmsp", "not really protected");
        Run r = alice("unprotect", f.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("not a protected file"), r.toString());
        assertEquals(1, rmsctl("info", f.toString()).code());
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = rmsctl("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes"), help.toString());
        Run protectHelp = rmsctl("protect", "--help");
        assertEquals(0, protectHelp.code());
        assertTrue(protectHelp.out().contains("--grant"), protectHelp.toString());
        assertEquals(0, rmsctl("--version").code());
    }

    @Test
    void grantsForOnePrincipalAreMerged() {
        var parsed = ProtectCommand.parseGrants(new picocli.CommandLine(new ProtectCommand()),
                List.of("bob@contoso.com:VIEW", "bob@contoso.com:print", "CONTOSO\\Sales:EDIT"));
        assertEquals(2, parsed.size());
        assertEquals(java.util.EnumSet.of(org.rmsconnector.protocol.Right.VIEW, org.rmsconnector.protocol.Right.PRINT),
                parsed.get("bob@contoso.com"));
        assertTrue(parsed.containsKey("CONTOSO\\Sales"));
    }
}
