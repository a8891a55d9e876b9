package org.rmsconnector.rmsctl.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.TestPki;
import org.rmsconnector.rmsctl.Rmsctl;
import org.rmsconnector.rmsctl.adminclient.FakeAdminApi;

/** {@code rmsctl admin} and {@code rmsctl connector register} against a local HTTPS admin API. */
class AdminCommandTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static FakeAdminApi api;
    static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        api = FakeAdminApi.https(pki.serverContext("localhost"));
        passwordFile = Files.writeString(dir.resolve("console-password"), FakeAdminApi.PASSWORD + "\n",
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void clear() {
        api.requests.clear();
        api.cloudDown = false;
    }

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs rmsctl; every run checks that no password ever appears in its output. */
    static Run rmsctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rmsctl.execute(args, Map.of(), false, new PrintWriter(out, true), new PrintWriter(err, true));
        Run run = new Run(code, out.toString(), err.toString());
        for (String secret : List.of(FakeAdminApi.PASSWORD, "cloud \"secret\" \\ pw")) {
            assertFalse(run.out().contains(secret) || run.err().contains(secret), () -> "password echoed: " + run);
        }
        return run;
    }

    /** rmsctl --trust-cert localhost.pem admin --connector URL --password-file F ARGS. */
    static Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of("--trust-cert", pki.pem("localhost").toString(), "admin",
                "--connector", api.uri().toString(), "--password-file", passwordFile.toString()));
        Collections.addAll(all, args);
        return rmsctl(all.toArray(String[]::new));
    }

    @Test
    void statusIsATableAndJsonIsTheApisAnswerUnchanged() throws Exception {
        Run human = admin("status");
        assertEquals(0, human.code(), human::toString);
        assertTrue(human.out().contains("node-1 (version 0.1.0)"), human::toString);
        assertTrue(human.out().contains("round trip 42 ms, clock skew -0.3 s"), human::toString);
        assertTrue(human.out().matches("(?s).*exchange\\s+yes\\s+yes\\s+org\\.rmsconnector\\.exchange.*"),
                human::toString);
        assertEquals("GET", api.last().method());
        assertEquals("/status", api.last().path());

        Run json = admin("status", "--json");
        assertEquals(0, json.code(), json::toString);
        Map<String, Object> printed = JSONObjectUtils.parse(json.out());
        assertEquals("node-1", printed.get("node"));
        assertEquals(1, json.out().lines().count(), "one JSON document, as sent");
    }

    @Test
    void serversAddListAndRemove() throws Exception {
        Run add = admin("servers", "add", "CONTOSO\\EXCH02$", "--role", "Exchange");
        assertEquals(0, add.code(), add::toString);
        assertEquals("authorized COMPUTER CONTOSO\\EXCH02$ as exchange\n", add.out());
        assertTrue(add.err().contains("warning: an Exchange entry makes the account a super user"), add::toString);
        FakeAdminApi.Recorded post = api.last();
        assertEquals("POST", post.method());
        assertEquals("rmsctl", post.header("X-Requested-By"));
        assertEquals(Map.of("account", "CONTOSO\\EXCH02$", "kind", "COMPUTER", "role", "exchange"),
                JSONObjectUtils.parse(post.bodyText()));

        Run again = admin("servers", "add", "CONTOSO\\EXCH02$", "--role", "exchange");
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().contains("rmsctl: CONTOSO\\EXCH02$ is already authorized as exchange"),
                again::toString);

        Run list = admin("servers", "list");
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.out().startsWith("authorized-servers list version 7"), list::toString);
        assertTrue(list.out().contains("CONTOSO\\EXCH02$  COMPUTER  exchange"), list::toString);

        Run remove = admin("servers", "remove", "CONTOSO\\EXCH02$", "--role", "exchange");
        assertEquals(0, remove.code(), remove::toString);
        assertEquals("DELETE", api.last().method());
        assertEquals("account=CONTOSO%5CEXCH02%24&role=exchange", api.last().rawQuery());
        assertEquals("rmsctl", api.last().header("X-Requested-By"));

        Run missing = admin("servers", "remove", "CONTOSO\\EXCH02$", "--role", "exchange");
        assertEquals(1, missing.code(), missing::toString);
        assertTrue(missing.err().contains("no entry CONTOSO\\EXCH02$ as exchange"), missing::toString);
    }

    @Test
    void aGroupNeedsItsKindSaidAndBadRolesAreUsageErrors() throws Exception {
        Run noKind = admin("servers", "add", "Exchange Servers", "--role", "exchange");
        assertEquals(2, noKind.code(), noKind::toString);
        assertTrue(noKind.err().contains("--kind GROUP"), noKind::toString);
        Run badRole = admin("servers", "add", "SRV$", "--role", "mail");
        assertEquals(2, badRole.code(), badRole::toString);
        assertTrue(api.requests.isEmpty(), "nothing is sent for a usage error");

        Run group = admin("servers", "add", "Exchange Servers", "--role", "exchange", "--kind", "group", "--json");
        assertEquals(0, group.code(), group::toString);
        assertEquals("GROUP", JSONObjectUtils.parse(group.out()).get("kind"));
        admin("servers", "remove", "Exchange Servers", "--role", "exchange");
        assertEquals("account=Exchange%20Servers&role=exchange", api.last().rawQuery());
    }

    @Test
    void directoryEncodesTheQueryAndCleansWhatItPrints() {
        Run r = admin("directory", "Exchange Ser", "--limit", "5");
        assertEquals(0, r.code(), r::toString);
        assertEquals("q=Exchange%20Ser&limit=5", api.last().rawQuery());
        assertTrue(r.out().contains("Exchange ?[31mServers"), r::toString);
        assertFalse(r.out().contains("\u001b"), "no terminal escape reaches the screen");
        Run none = admin("directory", "zzz");
        assertTrue(none.out().contains("nothing in the directory matches 'zzz'"), none::toString);
        assertEquals(2, admin("directory", "x", "--limit", "0").code());
    }

    @Test
    void workloadsListEnableDisableAndInstall() throws IOException {
        Run list = admin("workloads", "list");
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.out().lines().anyMatch(l -> l.matches("fci\\s+no\\s+no\\s+org\\.rmsconnector\\.fci.*")),
                list::toString);

        Run enable = admin("workloads", "enable", "fci");
        assertEquals(0, enable.code(), enable::toString);
        assertEquals("/workloads/fci/enable", api.last().path());
        assertEquals("rmsctl", api.last().header("X-Requested-By"));
        assertTrue(enable.out().startsWith("fci: enabled, available"), enable::toString);
        assertEquals(0, admin("workloads", "disable", "fci").code());
        assertEquals("/workloads/fci/disable", api.last().path());

        Run unknown = admin("workloads", "enable", "mail server");
        assertEquals(1, unknown.code(), unknown::toString);
        assertEquals("/workloads/mail%20server/enable", api.last().path());
        assertTrue(unknown.err().contains("no workload 'mail server'"), unknown::toString);

        Path jar = Files.write(dir.resolve("rms-sharepoint-0.2.jar"), new byte[] {0x50, 0x4b, 3, 4});
        Run install = admin("workloads", "install", jar.toString());
        assertEquals(0, install.code(), install::toString);
        assertEquals("PUT", api.last().method());
        assertEquals("/workloads/adapters/rms-sharepoint-0.2.jar", api.last().path());
        assertEquals("application/java-archive", api.last().header("Content-Type"));
        assertEquals(4, api.adapters.get("rms-sharepoint-0.2.jar").length);

        Path badName = Files.write(dir.resolve("my adapter.jar"), new byte[] {1});
        Run refused = admin("workloads", "install", badName.toString());
        assertEquals(2, refused.code(), refused::toString);
        assertEquals(2, admin("workloads", "install", dir.resolve("absent.jar").toString()).code());
    }

    @Test
    void eventsPassTheFiltersAndPrintATable() {
        Run r = admin("events", "--limit", "3", "--id", "2001", "--level", "warning", "--grep", "re fused");
        assertEquals(0, r.code(), r::toString);
        assertEquals("limit=3&id=2001&level=WARNING&q=re%20fused", api.last().rawQuery());
        assertTrue(r.out().contains("WARNING  2001  server refused [account=SP01$]"), r::toString);
        assertEquals(2, admin("events", "--level", "debug").code());
        assertEquals(2, admin("events", "--id", "x").code());
    }

    @Test
    void connectorsIsATable() {
        Run r = admin("connectors");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("c-1  node-1  2025-01-01T00:00:00Z  never"), r::toString);
    }

    @Test
    void exitCodesSayWhatWentWrong() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong-password"), "not it\n");
        Run unauthenticated = rmsctl("--trust-cert", pki.pem("localhost").toString(), "admin", "--connector",
                api.uri().toString(), "--password-file", wrong.toString(), "status");
        assertEquals(4, unauthenticated.code(), unauthenticated::toString);
        assertTrue(unauthenticated.err().contains("give the Web Console's user and password"),
                unauthenticated::toString);

        api.cloudDown = true;
        Run down = admin("status");
        assertEquals(3, down.code(), down::toString);
        assertTrue(down.err().contains("CloudConnection is not running") && down.err().contains("in 30 s"),
                down::toString);
        Run downJson = admin("status", "--json");
        assertEquals("unavailable", parse(downJson.out()).get("error"), "--json prints the API's error too");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run unreachable = rmsctl("admin", "--connector", "https://localhost:" + closed, "--password-file",
                passwordFile.toString(), "status");
        assertEquals(3, unreachable.code(), unreachable::toString);

        Run untrusted = rmsctl("admin", "--connector", api.uri().toString(), "--password-file",
                passwordFile.toString(), "status");
        assertEquals(1, untrusted.code(), untrusted::toString);
        assertTrue(untrusted.err().contains("--trust-cert"), untrusted::toString);

        Run noPassword = rmsctl("admin", "--connector", api.uri().toString(), "status");
        assertEquals(2, noPassword.code(), noPassword::toString);
        assertTrue(noPassword.err().contains("$RMS_ADMIN_PASSWORD"), noPassword::toString);
    }

    @Test
    void plainHttpIsRefusedBeforeAnyPasswordIsSent() throws IOException {
        try (FakeAdminApi http = FakeAdminApi.http()) {
            Run refused = rmsctl("admin", "--connector", http.uri().toString(), "--password-file",
                    passwordFile.toString(), "status");
            assertEquals(2, refused.code(), refused::toString);
            assertTrue(refused.err().contains("--allow-http"), refused::toString);
            assertTrue(http.requests.isEmpty());

            Run allowed = rmsctl("admin", "--connector", http.uri().toString(), "--allow-http", "--password-file",
                    passwordFile.toString(), "status");
            assertEquals(1, allowed.code(), allowed::toString);
            assertTrue(allowed.err().contains("HTTPS only"), allowed::toString);
        }
    }

    @Test
    void registerSendsTheCloudCredentialsAsJsonAndSaysWhatItBecame() throws Exception {
        api.registered = false;
        String cloudPassword = "cloud \"secret\" \\ pw";
        Path cloudFile = Files.writeString(dir.resolve("cloud-password"), cloudPassword + "\r\n");
        Run r = rmsctl("--trust-cert", pki.pem("localhost").toString(), "connector", "register", "--connector",
                api.uri().toString(), "--password-file", passwordFile.toString(), "--cloud-user",
                "admin@contoso.com", "--cloud-password-file", cloudFile.toString(), "--name", "node \"2\"");
        assertEquals(0, r.code(), r::toString);
        assertEquals("registered this connector in the tenant as node \"2\" (c-2)\n", r.out());
        FakeAdminApi.Recorded post = api.last();
        assertEquals("/connector/registration", post.path());
        assertEquals("rmsctl", post.header("X-Requested-By"));
        assertEquals(Map.of("user", "admin@contoso.com", "password", cloudPassword, "name", "node \"2\""),
                JSONObjectUtils.parse(post.bodyText()));

        Run again = rmsctl("--trust-cert", pki.pem("localhost").toString(), "connector", "register", "--connector",
                api.uri().toString(), "--password-file", passwordFile.toString(), "--cloud-user",
                "admin@contoso.com", "--cloud-password-file", cloudFile.toString());
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().contains("already registered"), again::toString);

        Run noCloudPassword = rmsctl("connector", "register", "--connector", api.uri().toString(),
                "--password-file", passwordFile.toString(), "--cloud-user", "admin@contoso.com");
        assertEquals(2, noCloudPassword.code(), noCloudPassword::toString);
        assertTrue(noCloudPassword.err().contains("$RMS_CLOUD_PASSWORD"), noCloudPassword::toString);
    }

    @Test
    void thePasswordMayComeFromTheEnvironment() throws Exception {
        // the environment of this JVM cannot be changed, so rmsctl runs in a child with RMS_ADMIN_PASSWORD set
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Rmsctl.class.getName(), "--trust-cert", pki.pem("localhost").toString(), "admin",
                "--connector", api.uri().toString(), "connectors", "--json");
        pb.environment().put("RMS_ADMIN_PASSWORD", FakeAdminApi.PASSWORD);
        pb.environment().remove("RMS_CONNECTOR_URL");
        Path out = dir.resolve("child.out");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rmsctl ends");
        String printed = Files.readString(out);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("\"connectors\""), printed);
        assertFalse(printed.contains(FakeAdminApi.PASSWORD));
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
