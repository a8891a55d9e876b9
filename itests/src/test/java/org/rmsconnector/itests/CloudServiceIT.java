package org.rmsconnector.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.TemplateSummary;

/**
 * The embedded cloud service of the standalone distribution with its demo tenant, used by online users through
 * {@code bin/rmsctl} processes and the SDK: rights decide who opens what, content survives a restart of the
 * service, and a 1 GB file round-trips in a client limited to 128 MB of heap.
 */
public class CloudServiceIT {

    private static final Duration CLI = Duration.ofSeconds(60);
    // a sanity bound: a first start generates the tenant's RSA-3072 key, which took over 30 s on a loaded 2-core
    // machine (load average 20); start time belongs to the benchmark
    private static final Duration FIRST_START = Duration.ofSeconds(90);
    private static InstalledNode node;
    private static Path work;

    @BeforeClass
    public static void startNode() throws Exception {
        node = InstalledNode.install().start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        node.awaitFile(node.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        awaitService(FIRST_START);
    }

    @AfterClass
    public static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private static void awaitService() throws Exception {
        awaitService(Duration.ofSeconds(30));
    }

    private static void awaitService(Duration bound) throws Exception {
        node.await(node.client(), HttpRequest.newBuilder(node.cloud("/_wmcs/licensing/server.asmx")).build(), 200,
                bound, "\"tenantId\"");
    }

    @Test
    public void adHocGrantsDecideWhoMayOpen() throws Exception {
        Path report = Files.writeString(work.resolve("report.txt"), "Quarterly numbers: 42\n");
        InstalledNode.Run protect = as("alice@contoso.com", "protect", report.toString(),
                "--grant", "bob@contoso.com:VIEW,EXPORT");
        assertEquals(protect.err(), 0, protect.exit());
        Path protectedFile = work.resolve("report.txt.rmsp");
        assertTrue(Files.exists(protectedFile));
        assertFalse("the protected file does not contain the plaintext",
                new String(Files.readAllBytes(protectedFile), StandardCharsets.ISO_8859_1).contains("Quarterly"));

        InstalledNode.Run info = node.rmsctl(Map.of(), CLI, "info", protectedFile.toString());
        assertEquals(info.err(), 0, info.exit());
        assertTrue(info.out(), info.out().contains("alice@contoso.com"));
        assertTrue(info.out(), info.out().contains("bob@contoso.com: VIEW,EXPORT"));

        Path bobCopy = work.resolve("bob-report.txt");
        InstalledNode.Run bob = as("bob@contoso.com", "unprotect", protectedFile.toString(), "-o", bobCopy.toString());
        assertEquals(bob.err(), 0, bob.exit());
        assertEquals("Quarterly numbers: 42\n", Files.readString(bobCopy));

        Path carolCopy = work.resolve("carol-report.txt");
        InstalledNode.Run carol = as("carol@contoso.com", "unprotect", protectedFile.toString(), "-o",
                carolCopy.toString());
        assertEquals(carol.err(), 1, carol.exit());
        assertTrue(carol.err(), carol.err().contains("not_granted"));
        assertFalse("a refusal leaves no output", Files.exists(carolCopy));
        try (var files = Files.list(work)) {
            assertTrue("no partial files left", files.noneMatch(p -> p.getFileName().toString().contains("partial")));
        }

        InstalledNode.Run wrongPassword = node.rmsctl(Map.of("RMS_SERVICE_URL", node.cloud("").toString(),
                "RMS_PASSWORD", "wrong"), CLI, "--user", "bob@contoso.com", "--home",
                work.resolve("home-bob").toString(), "templates");
        assertEquals(1, wrongPassword.exit());
        assertTrue(wrongPassword.err(), wrongPassword.err().contains("401"));
    }

    @Test
    public void aTemplateGrantsThroughNestedGroupsAndItsCurrentPolicy() throws Exception {
        try (RmsClient alice = client("alice@contoso.com"); RmsClient carol = client("carol@contoso.com");
                RmsClient bob = client("bob@contoso.com")) {
            TemplateSummary finance = alice.templates().stream()
                    .filter(t -> t.name().equals("Finance - Restricted")).findFirst()
                    .orElseThrow(() -> new AssertionError("the demo tenant has the Finance template"));
            byte[] plain = "budget 2027".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream protectedOut = new ByteArrayOutputStream();
            alice.protect(new ByteArrayInputStream(plain), protectedOut, ProtectOptions.template(finance.id()));

            // carol is in finance-managers, which is nested in finance: VIEW and EDIT, not EXPORT
            try (ProtectedContent content = carol.open(new ByteArrayInputStream(protectedOut.toByteArray()))) {
                assertTrue(content.allows(Right.VIEW));
                assertFalse(content.allows(Right.EXPORT));
                assertArrayEquals(plain, content.stream().readAllBytes());
            }
            // bob is in no finance group
            try (ProtectedContent content = bob.open(new ByteArrayInputStream(protectedOut.toByteArray()))) {
                fail("bob must not open finance content, got " + content.rights());
            } catch (RmsClientException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("not_granted"));
            }
            // the owner always can
            try (ProtectedContent content = alice.open(new ByteArrayInputStream(protectedOut.toByteArray()))) {
                assertTrue(content.allows(Right.OWNER));
            }
        }
    }

    @Test
    public void contentProtectedBeforeARestartOpensAfterIt() throws Exception {
        Path before = Files.writeString(work.resolve("before-restart.txt"), "written before the restart");
        InstalledNode.Run protect = as("alice@contoso.com", "protect", before.toString(),
                "--grant", "bob@contoso.com:VIEW,EXPORT");
        assertEquals(protect.err(), 0, protect.exit());

        assertTrue("stops on SIGTERM", node.stop(Duration.ofSeconds(30)));
        node.start();
        awaitService();

        Path after = work.resolve("after-restart.txt");
        InstalledNode.Run bob = as("bob@contoso.com", "unprotect", work.resolve("before-restart.txt.rmsp").toString(),
                "-o", after.toString());
        assertEquals(bob.err(), 0, bob.exit());
        assertEquals("written before the restart", Files.readString(after));
    }

    @Test
    public void aOneGigabyteFileRoundTripsInA128MegabyteHeap() throws Exception {
        Path big = work.resolve("big.bin");
        String original = writeRandom(big, 1L << 30);
        Map<String, String> smallHeap = Map.of("RMSCTL_JAVA_OPTS", "-Xmx128m");
        Duration deadline = Duration.ofMinutes(5);

        long start = System.nanoTime();
        InstalledNode.Run protect = as(smallHeap, deadline, "alice@contoso.com", "protect", big.toString(),
                "--grant", "bob@contoso.com:VIEW");
        assertEquals(protect.err(), 0, protect.exit());
        long protectedAt = System.nanoTime();
        Path restored = work.resolve("big-restored.bin");
        InstalledNode.Run unprotect = as(smallHeap, deadline, "alice@contoso.com", "unprotect",
                work.resolve("big.bin.rmsp").toString(), "-o", restored.toString());
        assertEquals(unprotect.err(), 0, unprotect.exit());
        System.out.printf("1 GiB with -Xmx128m: protect %d ms, unprotect %d ms%n",
                (protectedAt - start) / 1_000_000, (System.nanoTime() - protectedAt) / 1_000_000);
        assertEquals(original, sha256(restored));
        Files.delete(big);
        Files.delete(restored);
        Files.delete(work.resolve("big.bin.rmsp"));
    }

    // --- helpers

    private InstalledNode.Run as(String user, String... args) throws Exception {
        return as(Map.of(), CLI, user, args);
    }

    private InstalledNode.Run as(Map<String, String> env, Duration deadline, String user, String... args)
            throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("RMS_SERVICE_URL", node.cloud("").toString());
        String[] all = new String[args.length + 6];
        all[0] = "--user";
        all[1] = user;
        all[2] = "--password-file";
        all[3] = node.home.resolve("data/cloud/demo/" + user + ".password").toString();
        all[4] = "--home";
        all[5] = work.resolve("home-" + user).toString();
        System.arraycopy(args, 0, all, 6, args.length);
        return node.rmsctl(environment, deadline, all);
    }

    private static RmsClient client(String user) throws Exception {
        char[] password = Files.readString(node.home.resolve("data/cloud/demo/" + user + ".password")).strip()
                .toCharArray();
        char[] tlsPassword = Files.readString(node.home.resolve("data/tls-password")).strip().toCharArray();
        return RmsClient.create(ClientConfig.builder(node.cloud(""))
                .user(user, password)
                .trustStore(node.home.resolve("data/tls/connector.p12"), tlsPassword)
                .home(work.resolve("sdk-home-" + user))
                .build());
    }

    /** Writes pseudo-random, incompressible content of the given size and returns its SHA-256. */
    private static String writeRandom(Path file, long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
                digest.update(block);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
