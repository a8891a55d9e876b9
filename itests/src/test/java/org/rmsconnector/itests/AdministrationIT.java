package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Administration from the command line against the real standalone distribution: {@code rmsctl admin} over the
 * admin REST API, {@code rmsctl genconfig} for each workload and format, and {@code rmsctl doctor} — passing on a
 * healthy install, failing with the fix named when the authorized list is empty, the cloud is stopped or the HTTPS
 * certificate has expired. Method-name order: each failure is repaired before the next test.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AdministrationIT {

    private static final Duration CLI = Duration.ofSeconds(60);
    private static final Duration CHANGE = Duration.ofSeconds(20);
    private static InstalledNode node;
    private static Path work;
    private static Path trust;

    @BeforeClass
    public static void startNode() throws Exception {
        node = InstalledNode.install().start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        node.awaitFile(node.home.resolve("data/demo/EXCH01.p12"), Duration.ofSeconds(60));
        node.await(node.client(), HttpRequest.newBuilder(node.connector("/health")).build(), 200,
                Duration.ofSeconds(60), "RMS authorization");
        // the administrator trusts the node's certificate as it is now (a later test replaces the file)
        trust = work.resolve("connector-trust.p12");
        Files.copy(node.home.resolve("data/tls/connector.p12"), trust);
    }

    @AfterClass
    public static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void a_doctorPassesOnAHealthyStandaloneInstall() throws Exception {
        InstalledNode.Run doctor = awaitDoctor(run -> run.exit() == 0);
        Map<String, Object> report = JSONObjectUtils.parse(doctor.out());
        assertEquals(doctor.out(), true, report.get("ok"));
        String checks = doctor.out();
        for (String check : List.of("RMS cloud reachable", "RMS cloud TLS version", "RMS clock skew",
                "RMS connector credentials", "RMS connector nodes", "RMS authorized servers", "RMS HTTPS certificate",
                "RMS placement")) {
            assertTrue(check + " ran: " + checks, checks.contains(check));
        }
        // one node only: a warning that says how to add the second, not a failure
        assertTrue(checks, checks.matches("(?s).*RMS connector nodes[^}]*WARN.*") || checks.matches(
                "(?s).*WARN[^}]*RMS connector nodes.*"));
    }

    @Test
    public void b_adminListsAddsAndRemovesAuthorizedServers() throws Exception {
        InstalledNode.Run list = admin("--json", "servers", "list");
        assertEquals(list.err(), 0, list.exit());
        assertTrue(list.out(), list.out().contains("\"EXCH01$\""));
        InstalledNode.Run add = admin("servers", "add", "EXCH02$", "--role", "exchange");
        assertEquals(add.err(), 0, add.exit());
        assertTrue("the super-user warning: " + add.err(), add.err().toLowerCase().contains("super user"));
        awaitAdmin(run -> run.out().contains("EXCH02$"), "--json", "servers", "list");
        InstalledNode.Run twice = admin("servers", "add", "EXCH02$", "--role", "exchange");
        assertEquals("adding it again is a conflict: " + twice.err(), 1, twice.exit());
        InstalledNode.Run remove = admin("servers", "remove", "EXCH02$", "--role", "exchange");
        assertEquals(remove.err(), 0, remove.exit());
        awaitAdmin(run -> !run.out().contains("EXCH02$"), "--json", "servers", "list");
        InstalledNode.Run wrongPassword = node.rmsctl(Map.of("RMS_ADMIN_PASSWORD", "wrong"), CLI, "admin",
                "--connector", node.connector("").toString(), "--trust-store", trust.toString(),
                "--trust-store-password-file", node.home.resolve("data/tls-password").toString(), "status");
        assertEquals(wrongPassword.err(), 4, wrongPassword.exit());
    }

    @Test
    public void c_adminDisablesAndEnablesAWorkloadAndTheEventsSayIt() throws Exception {
        InstalledNode.Run disable = admin("workloads", "disable", "exchange");
        assertEquals(disable.err(), 0, disable.exit());
        InstalledNode.Run refused = awaitAs("EXCH01", run -> run.exit() == 3);
        assertTrue(refused.err(), refused.err().contains("exchange"));
        assertEquals("SharePoint keeps serving", 0, as("SP01").exit());
        InstalledNode.Run enable = admin("workloads", "enable", "exchange");
        assertEquals(enable.err(), 0, enable.exit());
        awaitAs("EXCH01", run -> run.exit() == 0);
        InstalledNode.Run events = admin("--json", "events", "--id", "4001");
        assertEquals(events.err(), 0, events.exit());
        assertTrue(events.out(), events.out().contains("\"id\":4001"));
        InstalledNode.Run workloads = admin("--json", "workloads", "list");
        assertTrue(workloads.out(), workloads.out().contains("\"bundle\":\"org.rmsconnector.exchange\""));
        InstalledNode.Run status = admin("--json", "status");
        assertEquals(status.err(), 0, status.exit());
        assertTrue(status.out(), status.out().contains("\"reachable\":true"));
    }

    @Test
    public void d_genconfigWritesEachWorkloadsRegistryValuesInEachFormat() throws Exception {
        String lb = "https://rmsconnector.contoso.com";
        Map<String, List<String>> keys = Map.of(
                "exchange", List.of("SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\Activation",
                        "SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\EnterprisePublishing",
                        "SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM\\CertificationServerRedirection",
                        "SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM\\LicenseServerRedirection",
                        "SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\EnterpriseCertification",
                        "SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\EnterprisePublishing",
                        "SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\LicensingRedirection"),
                "sharepoint", List.of("SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\EnterpriseCertification",
                        "SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\EnterprisePublishing",
                        "SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\LicensingRedirection"),
                "fci", List.of("SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\EnterprisePublishing",
                        "SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\Activation"));
        for (Map.Entry<String, List<String>> workload : keys.entrySet()) {
            for (String format : List.of("reg", "ps1", "properties")) {
                Path out = work.resolve(workload.getKey() + "." + format);
                InstalledNode.Run run = genconfig("--connector", node.connector("").toString(), "--server-url", lb,
                        "--workload", workload.getKey(), "--format", format, "-o", out.toString());
                assertEquals(run.err(), 0, run.exit());
                String text = Files.readString(out, StandardCharsets.UTF_8);
                for (String key : workload.getValue()) {
                    String expected = format.equals("ps1") ? "HKLM\\" + key : key;
                    if (format.equals("properties")) {
                        Properties p = new Properties();
                        p.load(new java.io.StringReader(text));
                        assertTrue(key + " in " + p, p.values().stream().anyMatch(v -> v.toString().contains(key)));
                        assertEquals(lb, p.getProperty("rms.connector.url"));
                    } else {
                        assertTrue(workload.getKey() + "/" + format + " lacks " + key + ":\n" + text,
                                text.contains(expected));
                    }
                }
                if (!format.equals("properties")) {
                    assertTrue(text, text.contains(lb + "/_wmcs/licensing"));
                }
                if (format.equals("reg")) {
                    assertTrue(text, text.startsWith("Windows Registry Editor Version 5.00\r\n\r\n"));
                }
            }
        }
        // a single node's name instead of the load-balanced one: warned about
        InstalledNode.Run single = genconfig("--connector", node.connector("").toString(), "--workload", "fci");
        assertEquals(single.err(), 0, single.exit());
        assertTrue(single.err(), single.err().contains("warning"));
    }

    @Test
    public void e_doctorFailsOnAnEmptyAuthorizedListAndNamesTheFix() throws Exception {
        InstalledNode.Run list = admin("--json", "servers", "list");
        assertEquals(list.err(), 0, list.exit());
        List<String[]> entries = new ArrayList<>();
        for (Object e : (List<?>) JSONObjectUtils.parse(list.out()).get("entries")) {
            Map<?, ?> m = (Map<?, ?>) e;
            entries.add(new String[] {(String) m.get("account"), (String) m.get("role"), (String) m.get("kind")});
        }
        assertFalse(entries.isEmpty());
        try {
            for (String[] e : entries) {
                InstalledNode.Run removed = admin("servers", "remove", e[0], "--role", e[1]);
                assertEquals(removed.err(), 0, removed.exit());
            }
            InstalledNode.Run doctor = awaitDoctor(run -> run.exit() == 1 && run.out().contains("is empty"));
            assertTrue(doctor.out(), doctor.out().contains("Fix: authorize"));
        } finally {
            for (String[] e : entries) {
                admin("servers", "add", e[0], "--role", e[1], "--kind", e[2]);
            }
        }
        awaitDoctor(run -> run.exit() == 0);
    }

    @Test
    public void f_doctorFailsWithTheCloudStoppedAndNamesTheFix() throws Exception {
        Path listener = node.home.resolve("etc/org.apache.felix.http-cloud.cfg");
        Path aside = work.resolve("org.apache.felix.http-cloud.cfg");
        Files.move(listener, aside);
        try {
            InstalledNode.Run doctor = awaitDoctor(run -> run.exit() == 1 && run.out().contains("RMS cloud reachable"));
            Map<String, Object> report = JSONObjectUtils.parse(doctor.out());
            assertEquals(false, report.get("ok"));
            String reachable = finding(report, "RMS cloud reachable");
            assertTrue(reachable, reachable.contains("CRITICAL") || reachable.contains("TEMPORARILY_UNAVAILABLE"));
            assertTrue(reachable, reachable.contains("Fix:"));
        } finally {
            Files.move(aside, listener);
        }
        awaitDoctor(run -> run.exit() == 0);
    }

    @Test
    public void g_doctorFailsWithAnExpiredHttpsCertificateAndNamesTheFix() throws Exception {
        Path store = node.home.resolve("data/tls/connector.p12");
        Path saved = work.resolve("connector-saved.p12");
        Files.copy(store, saved, StandardCopyOption.REPLACE_EXISTING);
        Path expired = work.resolve("expired.p12");
        Path password = node.home.resolve("data/tls-password");
        keytool("-genkeypair", "-alias", "connector", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-startdate", "-400d", "-validity", "30", "-storetype",
                "PKCS12", "-keystore", expired.toString(), "-storepass:file", password.toString(), "-keypass:file",
                password.toString());
        Files.copy(expired, store, StandardCopyOption.REPLACE_EXISTING);
        try {
            InstalledNode.Run doctor = awaitDoctor(run -> run.exit() == 1);
            assertTrue(doctor.out(), doctor.out().contains("expired"));
            assertTrue(doctor.out(), doctor.out().contains("Fix"));
        } finally {
            Files.copy(saved, store, StandardCopyOption.REPLACE_EXISTING);
        }
        awaitDoctor(run -> run.exit() == 0);
    }

    @Test
    public void h_anAdapterJarInstalledThroughTheAdminApiReplacesTheRunningOne() throws Exception {
        Path jar;
        try (var jars = Files.list(node.home.resolve("deploy"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("rms-exchange")).findFirst().orElseThrow();
        }
        Path original = work.resolve("original-" + jar.getFileName());
        Files.copy(jar, original, StandardCopyOption.REPLACE_EXISTING);
        Path upgrade = DemoServers.withBundleVersion(jar, work.resolve("rms-exchange-upgrade.jar"), "0.1.1.uploaded");
        InstalledNode.Run install = admin("workloads", "install", upgrade.toString());
        assertEquals(install.err(), 0, install.exit());
        awaitAdmin(run -> run.out().contains("\"version\":\"0.1.1.uploaded\""), "--json", "workloads", "list");
        awaitAs("EXCH01", run -> run.exit() == 0);
        try (var jars = Files.list(node.home.resolve("deploy"))) {
            assertEquals("the upload replaced the jar of the same bundle", 1,
                    jars.filter(p -> p.getFileName().toString().startsWith("rms-exchange")).count());
        }
        Path other = work.resolve("other-bundle.jar");
        NodeHome.writeBundle(other, "com.example.not.an.adapter", "1.0.0");
        InstalledNode.Run notAnAdapter = admin("workloads", "install", other.toString());
        assertEquals("refused by the connector, nothing written: " + notAnAdapter.err(), 1, notAnAdapter.exit());
        try (var jars = Files.list(node.home.resolve("deploy"))) {
            assertTrue(jars.noneMatch(p -> p.getFileName().toString().startsWith("other-bundle")));
        }
        Path renamed = Files.copy(original, work.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, admin("workloads", "install", renamed.toString()).exit());
        awaitAdmin(run -> run.out().contains("\"version\":\"0.1.0.SNAPSHOT\""), "--json", "workloads", "list");
    }

    private static String finding(Map<String, Object> report, String check) {
        for (Object f : (List<?>) report.get("findings")) {
            if (f instanceof Map<?, ?> m && check.equals(m.get("check"))) {
                return m.toString();
            }
        }
        throw new AssertionError(check + " not in " + report);
    }

    private static List<String> adminOptions() {
        return List.of("--connector", node.connector("").toString(), "--password-file",
                node.home.resolve("data/console-password").toString(), "--trust-store", trust.toString(),
                "--trust-store-password-file", node.home.resolve("data/tls-password").toString());
    }

    private static InstalledNode.Run admin(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(adminOptions());
        all.addAll(List.of(args));
        return node.rmsctl(Map.of(), CLI, all.toArray(new String[0]));
    }

    private static InstalledNode.Run genconfig(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("genconfig", "--trust-store", trust.toString(),
                "--trust-store-password-file", node.home.resolve("data/tls-password").toString()));
        all.addAll(List.of(args));
        return node.rmsctl(Map.of(), CLI, all.toArray(new String[0]));
    }

    private static InstalledNode.Run doctor() throws Exception {
        List<String> all = new ArrayList<>(List.of("doctor", "--json"));
        all.addAll(adminOptions());
        return node.rmsctl(Map.of(), CLI, all.toArray(new String[0]));
    }

    private static InstalledNode.Run awaitDoctor(Predicate<InstalledNode.Run> done) throws Exception {
        return await(done, AdministrationIT::doctor);
    }

    private static InstalledNode.Run awaitAdmin(Predicate<InstalledNode.Run> done, String... args) throws Exception {
        return await(done, () -> admin(args));
    }

    private static InstalledNode.Run awaitAs(String server, Predicate<InstalledNode.Run> done) throws Exception {
        return await(done, () -> as(server));
    }

    private interface Call {
        InstalledNode.Run run() throws Exception;
    }

    private static InstalledNode.Run await(Predicate<InstalledNode.Run> done, Call call) throws Exception {
        long end = System.nanoTime() + CHANGE.toNanos();
        InstalledNode.Run last;
        do {
            last = call.run();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        throw new AssertionError("not within " + CHANGE + "; last: exit " + last.exit() + "\n" + last.out() + "\n"
                + last.err());
    }

    /** {@code templates} as one of the demo's servers, through the connector over mutual TLS. */
    private static InstalledNode.Run as(String server) throws Exception {
        return DemoServers.as(node, work, server, "templates");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("keytool finishes", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
    }
}
