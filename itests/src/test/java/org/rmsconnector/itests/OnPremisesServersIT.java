package org.rmsconnector.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
import org.rmsconnector.protectedfile.ProtectedFileReader;
import org.rmsconnector.protocol.PublishingLicense;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The demo's on-premises servers, as the workload simulators of {@code rmsctl simulate}, through the standalone
 * connector over mutual TLS: Exchange protects a mail with Do-Not-Forward and transport-decrypts it; SharePoint
 * protects a download for a user and decrypts an upload for the user who holds the right (and not for one who does
 * not); FCI runs a classification pass over a folder. With the relay's wire trace on, the test then recovers every
 * content key those runs created (with the tenant key, which only the cloud holds) and proves that nothing the
 * relay received, forwarded, answered or logged contains any of them, in any encoding.
 */
@org.junit.FixMethodOrder(org.junit.runners.MethodSorters.NAME_ASCENDING)
public class OnPremisesServersIT {

    private static final Duration CLI = Duration.ofSeconds(90);
    private static InstalledNode node;
    private static Path work;
    private static String template;
    /** Every protected file the simulators wrote, with the plaintext it must hold. */
    private static final Map<Path, byte[]> PROTECTED = new LinkedHashMap<>();

    @BeforeClass
    public static void startNode() throws Exception {
        node = InstalledNode.install();
        Path relayCfg = node.home.resolve("etc/org.rmsconnector.relay.cfg");
        Files.writeString(relayCfg, Files.readString(relayCfg) + "\ntrace.directory=log/wire-trace\n");
        node.start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        template = DemoServers.awaitReadyAndFindTemplate(node, work);
    }

    @AfterClass
    public static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void exchangeProtectsAMailWithDoNotForwardAndTransportDecryptsIt() throws Exception {
        Path dir = Files.createDirectories(work.resolve("mail"));
        String mail = "From: Alice <alice@contoso.com>\r\nTo: \"Bob, Finance\" <bob@contoso.com>\r\n"
                + "Cc: carol@contoso.com\r\nSubject: Q3 numbers\r\nMessage-ID: <1@contoso.com>\r\n\r\n"
                + "The numbers are 42.\r\n";
        Path eml = Files.writeString(dir.resolve("q3.eml"), mail);
        InstalledNode.Run run = as("EXCH01", "--json", "simulate", "exchange-mail", eml.toString());
        assertEquals(run.out() + run.err(), 0, run.exit());
        Map<String, Object> j = JSONObjectUtils.parse(run.out());
        assertEquals(true, j.get("ok"));
        assertEquals(List.of("bob@contoso.com", "carol@contoso.com"), j.get("recipients"));
        assertTrue(j.toString(), List.of("VIEW", "REPLY", "REPLYALL", "VIEWRIGHTSDATA").containsAll(
                (List<?>) j.get("rights")));
        Map<?, ?> decrypt = (Map<?, ?>) j.get("transportDecrypt");
        assertEquals(true, decrypt.get("identical"));
        // pre-licences for the recipients, each wrapped to the recipient's own key, each opening the message
        Map<?, ?> preLicense = (Map<?, ?>) j.get("preLicense");
        assertEquals(run.out(), "ok", preLicense.get("status"));
        List<?> recipients = (List<?>) preLicense.get("recipients");
        assertEquals(2, recipients.size());
        for (Object r : recipients) {
            Map<?, ?> recipient = (Map<?, ?>) r;
            assertEquals(recipient.toString(), "licensed", recipient.get("outcome"));
            assertEquals(recipient.toString(), true, recipient.get("decrypts"));
            assertEquals(List.of("VIEW", "REPLY", "REPLYALL", "VIEWRIGHTSDATA"), recipient.get("rights"));
        }
        remember(dir.resolve("q3.eml.rmsp"), mail.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void sharePointProtectsADownloadForAUserAndDecryptsOnlyTheUploadsOfUsersWithTheRight() throws Exception {
        Path dir = Files.createDirectories(work.resolve("library"));
        Path doc = DemoServers.officeDocument(dir.resolve("plan.docx"), "the plan");
        InstalledNode.Run run = as("SP01", "--json", "simulate", "sharepoint", doc.toString(), "--download-for",
                "bob@contoso.com", "--rights", "VIEW,EDIT", "--expires-days", "30", "--offline-days", "3",
                "--upload-as", "bob@contoso.com", "--upload-as", "carol@contoso.com");
        assertEquals(run.out() + run.err(), 0, run.exit());
        Map<String, Object> j = JSONObjectUtils.parse(run.out());
        List<?> uploads = (List<?>) j.get("uploads");
        Map<?, ?> bob = (Map<?, ?>) uploads.get(0);
        Map<?, ?> carol = (Map<?, ?>) uploads.get(1);
        assertEquals(run.out(), "decrypted", bob.get("outcome"));
        assertEquals(true, bob.get("identical"));
        assertEquals(run.out(), "refused", carol.get("outcome"));
        assertEquals(false, carol.get("written"));
        try (var files = Files.list(dir)) {
            assertFalse("nothing written for carol", files.anyMatch(p -> p.toString().contains("carol")));
        }
        remember(dir.resolve("plan.docx.rmsp"), Files.readAllBytes(doc));
    }

    @Test
    public void fciProtectsTheMatchingOfficeFilesOfAFolderAndSkipsTheRest() throws Exception {
        Path dir = Files.createDirectories(work.resolve("share/finance"));
        Path secret = DemoServers.officeDocument(dir.resolve("salaries.docx"), "Confidential: salaries");
        DemoServers.officeDocument(dir.resolve("menu.docx"), "lunch menu");
        Files.writeString(dir.resolve("notes.txt"), "Confidential notes in plain text");
        InstalledNode.Run run = as("FS01", "--json", "simulate", "fci-pass", work.resolve("share").toString(),
                "--template", template, "--match-content", "Confidential");
        assertEquals(run.out() + run.err(), 0, run.exit());
        Map<String, Object> j = JSONObjectUtils.parse(run.out());
        assertEquals(3L, ((Number) j.get("scanned")).longValue());
        assertEquals(2L, ((Number) j.get("matched")).longValue());
        assertEquals(1L, ((Number) j.get("protected")).longValue());
        assertEquals(1L, ((Number) j.get("skipped")).longValue());
        assertTrue(Files.exists(dir.resolve("salaries.docx.rmsp")));
        assertFalse(Files.exists(dir.resolve("menu.docx.rmsp")));
        assertFalse("a text file is not an Office document", Files.exists(dir.resolve("notes.txt.rmsp")));
        remember(dir.resolve("salaries.docx.rmsp"), Files.readAllBytes(secret));
    }

    /** Runs last (method-name order): the three above made the content keys it looks for. */
    @Test
    public void zNothingTheRelayReceivesForwardsAnswersOrLogsContainsAContentKey() throws Exception {
        assertEquals("the three workloads protected content first", 3, PROTECTED.size());
        PrivateKey tenant = tenantPrivateKey();
        Map<String, byte[]> keys = new LinkedHashMap<>();
        List<String> licences = new ArrayList<>();
        for (Map.Entry<Path, byte[]> e : PROTECTED.entrySet()) {
            ProtectedFileHeader header;
            try (InputStream in = Files.newInputStream(e.getKey())) {
                header = ProtectedFileHeader.read(in);
            }
            PublishingLicense pl = PublishingLicense.parseUnverified(header.publishingLicense());
            byte[] key = pl.unwrapContentKey(tenant);
            // control: this is the file's real key — it decrypts the file to what was protected
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(e.getKey());
                    ProtectedFileReader reader = new ProtectedFileReader(in, key)) {
                reader.transferTo(plain);
            }
            assertArrayEquals(e.getKey().toString(), e.getValue(), plain.toByteArray());
            keys.put(e.getKey().getFileName().toString(), key);
            licences.add(header.publishingLicense());
        }
        // control: the trace holds what went through — the publishing licences the relay carried, both ways
        Path traces = node.home.resolve("log/wire-trace");
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(traces)) {
            for (Path f : files.toList()) {
                all.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        String traced = all.toString();
        assertTrue("the trace saw forwarded publishing", traced.contains("=== forwarded") && traced.contains(
                "operation=PUBLISH"));
        assertTrue("the trace saw licence requests", traced.contains("operation=ACQUIRE_LICENSE"));
        for (String pl : licences) {
            assertTrue("the trace carries the publishing licence " + pl.substring(0, 20) + "…", traced.contains(pl));
        }
        // what the relay received, forwarded, answered (the traces) and logged (log/, the console output)
        List<Path> evidence = new ArrayList<>();
        try (var files = Files.walk(node.home.resolve("log"))) {
            files.filter(Files::isRegularFile).forEach(evidence::add);
        }
        evidence.add(node.output);
        for (Path file : evidence) {
            byte[] content = Files.readAllBytes(file);
            String text = new String(content, StandardCharsets.ISO_8859_1);
            for (Map.Entry<String, byte[]> k : keys.entrySet()) {
                for (Map.Entry<String, byte[]> form : encodings(k.getValue()).entrySet()) {
                    assertFalse("the content key of " + k.getKey() + " (" + form.getKey() + ") is in " + file,
                            text.contains(new String(form.getValue(), StandardCharsets.ISO_8859_1)));
                }
            }
        }
    }

    /** The forms a 32-byte key could take on the wire or in a log. */
    private static Map<String, byte[]> encodings(byte[] key) {
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("raw", key);
        forms.put("base64", Base64.getEncoder().encodeToString(key).getBytes(StandardCharsets.US_ASCII));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(key)
                .getBytes(StandardCharsets.US_ASCII));
        forms.put("hex", HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        forms.put("HEX", HexFormat.of().withUpperCase().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        // a key split across lines or cut by a log line would still show its first 16 bytes in one piece
        forms.put("base64url (first half)", Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.util.Arrays.copyOf(key, 16)).getBytes(StandardCharsets.US_ASCII));
        return forms;
    }

    private static PrivateKey tenantPrivateKey() throws Exception {
        char[] password = Files.readString(node.home.resolve("data/cloud-keystore-password")).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(node.home.resolve("data/cloud/tenant-key.p12"))) {
            store.load(in, password);
        }
        return (PrivateKey) store.getKey("tenant-key", password);
    }

    private static synchronized void remember(Path file, byte[] plaintext) {
        assertTrue(file + " written", Files.exists(file));
        PROTECTED.put(file, plaintext);
    }

    private static InstalledNode.Run as(String server, String... args) throws Exception {
        return DemoServers.as(node, work, server, args);
    }
}
