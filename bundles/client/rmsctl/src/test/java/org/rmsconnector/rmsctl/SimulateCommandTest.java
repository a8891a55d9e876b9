package org.rmsconnector.rmsctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.FakeCloud;

/**
 * {@code rmsctl simulate} as the itest drives it: arguments, exit codes and the JSON it prints, end to end
 * against the fake service (as alice: the fixture has no connector, so the workload rules are not applied here;
 * the real distribution's itest covers those).
 */
class SimulateCommandTest {

    static FakeCloud cloud;
    @TempDir
    static Path homes;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        cloud = FakeCloud.start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @AfterEach
    void clearFailures() {
        cloud.fail(null);
        cloud.tamperPreLicensesOf(null);
    }

    private RmsctlTest.Run alice(String... args) throws IOException {
        Path pw = Files.writeString(homes.resolve("alice.pw"), "alice-pw\n");
        List<String> all = new ArrayList<>(List.of("--service", cloud.uri().toString(), "--user", "alice@contoso.com",
                "--password-file", pw.toString(), "--home", homes.resolve("alice").toString()));
        all.addAll(List.of(args));
        return RmsctlTest.rmsctl(all.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(RmsctlTest.Run r) throws Exception {
        return JSONObjectUtils.parse(r.out().strip());
    }

    private static void docx(Path file, String text) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types><Override PartName=\"/word/document.xml\"/></Types>".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>" + text
                    + "</w:t></w:r></w:p></w:body></w:document>").getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- usage: exit 2

    @Test
    void usageErrors() throws IOException {
        Path eml = Files.writeString(dir.resolve("m.eml"), "From: a@b\nTo: c@d\n\nhi");
        List<List<String>> cases = List.of(
                List.of("simulate"),
                List.of("simulate", "fci-pass", dir.toString()),
                List.of("simulate", "fci-pass", dir.toString(), "--template", "T"),
                List.of("simulate", "fci-pass", dir.toString(), "--template", "T", "--match-content", "(x"),
                List.of("--workload", "fci", "simulate", "exchange-mail", eml.toString()),
                List.of("simulate", "sharepoint", eml.toString(), "--download-for", "bob@contoso.com", "--rights",
                        "VIEW,BOGUS"),
                List.of("simulate", "sharepoint", eml.toString()));
        List<String> expected = List.of("name a simulation", "--template", "needs a content pattern, an include glob",
                "is not a regular expression", "contradicts this simulation", "unknown right 'BOGUS'",
                "--download-for");
        for (int i = 0; i < cases.size(); i++) {
            RmsctlTest.Run r = RmsctlTest.rmsctl(cases.get(i).toArray(String[]::new));
            assertEquals(2, r.code(), cases.get(i) + ": " + r);
            assertTrue(r.err().contains(expected.get(i)), cases.get(i) + ": " + r);
            assertFalse(r.err().contains("\tat "), r.toString());
        }
    }

    @Test
    void aMessageWithoutRecipientsIsAUsageError() throws Exception {
        Path eml = Files.writeString(dir.resolve("m.eml"), "From: alice@contoso.com\n\nhi");
        RmsctlTest.Run r = alice("simulate", "exchange-mail", eml.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no To or Cc recipients"), r.toString());
    }

    // ---------------------------------------------------------------- end to end

    @Test
    void exchangeMailRoundTripsAndSaysSoInJson() throws Exception {
        Path eml = Files.writeString(dir.resolve("m.eml"), "From: Alice <alice@contoso.com>\r\n"
                + "To: \"Smith, Bob\" <bob@contoso.com>,\r\n\tcarol@contoso.com\r\n\r\nQuarterly numbers: 42\r\n");
        int preLicensesBefore = cloud.calls("prelicense.asmx");
        RmsctlTest.Run r = alice("simulate", "exchange-mail", eml.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> j = json(r);
        assertEquals(true, j.get("ok"));
        assertEquals(List.of("bob@contoso.com", "carol@contoso.com"), j.get("recipients"));
        assertEquals(List.of("VIEW", "REPLY", "REPLYALL", "VIEWRIGHTSDATA"), j.get("rights"));
        assertEquals("alice@contoso.com", j.get("owner"));
        @SuppressWarnings("unchecked")
        Map<String, Object> transport = (Map<String, Object>) j.get("transportDecrypt");
        assertEquals(true, transport.get("identical"));
        assertEquals(Files.readString(eml), Files.readString(dir.resolve("m.decrypted.eml")));
        Map<?, ?> preLicense = (Map<?, ?>) j.get("preLicense");
        assertEquals("ok", preLicense.get("status"), r.out());
        List<?> recipients = (List<?>) preLicense.get("recipients");
        assertEquals(2, recipients.size());
        for (int i = 0; i < 2; i++) {
            Map<?, ?> one = (Map<?, ?>) recipients.get(i);
            assertEquals(List.of("bob@contoso.com", "carol@contoso.com").get(i), one.get("identity"));
            assertEquals("licensed", one.get("outcome"));
            assertEquals(List.of("VIEW", "REPLY", "REPLYALL", "VIEWRIGHTSDATA"), one.get("rights"));
            assertEquals(true, one.get("decrypts"));
        }
        assertEquals(1, cloud.calls("prelicense.asmx") - preLicensesBefore);
        assertEquals("exchange", cloud.workloadHeaders().get(cloud.workloadHeaders().size() - 1));
    }

    @Test
    void exchangeMailPrintsThePreLicensesInItsSummaryAndFailsWhenOneIsRefused() throws Exception {
        Path eml = Files.writeString(dir.resolve("m.eml"), "From: alice@contoso.com\nTo: bob@contoso.com\n\nhi\n");
        RmsctlTest.Run ok = alice("simulate", "exchange-mail", eml.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().contains("pre-license  ok: bob@contoso.com [VIEW, REPLY, REPLYALL, VIEWRIGHTSDATA] "
                + "decrypts"), ok.out());

        cloud.tamperPreLicensesOf("bob@contoso.com");
        RmsctlTest.Run bad = alice("simulate", "exchange-mail", eml.toString(), "--overwrite");
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.out().contains("pre-license  failed: bob@contoso.com refused (BAD_RESPONSE)"), bad.out());
        assertTrue(bad.out().contains("FAILED: pre-licensing did not hold for every recipient"), bad.out());
    }

    @Test
    void fciPassPrintsASummaryAndProtectsBesideTheOriginals() throws Exception {
        docx(dir.resolve("a.docx"), "Confidential salaries");
        docx(dir.resolve("b.docx"), "public");
        Files.writeString(dir.resolve("n.md"), "confidential notes");
        RmsctlTest.Run r = alice("simulate", "fci-pass", dir.toString(), "--template", FakeCloud.TEMPLATE_ID,
                "--match-content", "(?i)confidential", "--include", "*.docx", "--json");
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> j = json(r);
        assertEquals(3L, ((Number) j.get("scanned")).longValue());
        assertEquals(1L, ((Number) j.get("matched")).longValue());
        assertEquals(1L, ((Number) j.get("protected")).longValue());
        List<?> files = (List<?>) j.get("files");
        assertEquals("a.docx", ((Map<?, ?>) files.get(0)).get("file"));
        assertEquals("protected", ((Map<?, ?>) files.get(0)).get("status"));
        assertTrue(Files.exists(dir.resolve("a.docx.rmsp")));
        assertEquals("fci", cloud.workloadHeaders().get(cloud.workloadHeaders().size() - 1));

        RmsctlTest.Run text = alice("simulate", "fci-pass", dir.toString(), "--template", FakeCloud.TEMPLATE_ID,
                "--include", "*.docx");
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("skipped    a.docx: OUTPUT_EXISTS"), text.toString());
        assertTrue(text.out().contains("scanned 3, matched 2: protected 1, skipped 1, failed 0"), text.toString());
    }

    @Test
    void fciPassExitsThreeWhenTheServiceIsUnavailable() throws Exception {
        docx(dir.resolve("a.docx"), "x");
        cloud.fail(new FakeCloud.Failure("publish.asmx", 503, "{\"error\":\"busy\",\"message\":\"later\"}",
                Map.of("Retry-After", "5")));
        RmsctlTest.Run r = alice("simulate", "fci-pass", dir.toString(), "--template", FakeCloud.TEMPLATE_ID,
                "--include", "*", "--json");
        assertEquals(3, r.code(), r.toString());
        assertEquals(false, json(r).get("ok"));
        assertFalse(Files.exists(dir.resolve("a.docx.rmsp")));
    }

    @Test
    void sharePointDownloadsAndDecryptsAnUploadOnBehalfOfTheUser() throws Exception {
        Path doc = Files.writeString(dir.resolve("plan.txt"), "the plan");
        RmsctlTest.Run r = alice("simulate", "sharepoint", doc.toString(), "--download-for", "bob@contoso.com",
                "--rights", "VIEW,PRINT,EDIT", "--expires-days", "30", "--offline-days", "3",
                "--upload-as", "bob@contoso.com", "--json");
        // this fake cloud licenses the caller and ignores onBehalfOf (the itest runs the real rules)
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> j = json(r);
        Map<?, ?> download = (Map<?, ?>) j.get("download");
        assertEquals(List.of("VIEW", "EDIT", "PRINT"), download.get("rights"));
        assertEquals(3L, ((Number) download.get("offlineDays")).longValue());
        assertTrue(download.containsKey("contentExpiry"));
        Map<?, ?> upload = (Map<?, ?>) ((List<?>) j.get("uploads")).get(0);
        assertEquals("decrypted", upload.get("outcome"));
        assertEquals(true, upload.get("written"));
        assertEquals("the plan", Files.readString(dir.resolve("plan.uploaded-by-bob@contoso.com.txt")));
        assertEquals("sharepoint", cloud.workloadHeaders().get(cloud.workloadHeaders().size() - 1));

        RmsctlTest.Run downloadOnly = alice("simulate", "sharepoint", doc.toString(), "--download-for",
                "bob@contoso.com", "--overwrite");
        assertEquals(0, downloadOnly.code(), downloadOnly.toString());
        assertTrue(downloadOnly.out().contains("download  for bob@contoso.com with bob@contoso.com: VIEW"),
                downloadOnly.toString());
    }
}
