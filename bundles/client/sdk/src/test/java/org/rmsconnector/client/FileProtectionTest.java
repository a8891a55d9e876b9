package org.rmsconnector.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
import org.rmsconnector.protocol.Right;

/** The file pipeline for real: protect, publish, license and unprotect against a tenant fixture over HTTP. */
class FileProtectionTest {

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
    }

    static RmsClient client(String user) {
        return RmsClient.create(TestSupport.config(cloud, user, homes).build());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 3 * 65_536 + 5})
    void protectsAndUnprotectsFilesOfEverySizeAroundChunkBoundaries(int size) throws Exception {
        byte[] content = TestSupport.bytes(size, size);
        Path in = write("report.docx", content);
        Path protectedFile = dir.resolve("report.docx.rmsp");
        Path back = dir.resolve("copy.docx");
        try (RmsClient alice = client("alice@contoso.com")) {
            ProtectResult p = alice.protectFile(in, protectedFile, ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT);
            assertEquals(size, p.plaintextBytes());
            assertEquals(Files.size(protectedFile), p.protectedBytes());
            long chunks = Math.max(1, (size + 65_535) / 65_536);
            assertEquals(size + 16 * chunks, Files.size(protectedFile) - headerLength(protectedFile),
                    "content is AES-GCM chunks of 64 KiB with 16-byte tags");
            assertEquals("alice@contoso.com", p.info().owner(), "the owner defaults to the certified identity");
            assertEquals(FakeCloud.TEMPLATE_ID, p.info().templateId().orElseThrow());

            UnprotectResult u = alice.unprotectFile(protectedFile, back, FileOptions.DEFAULT);
            assertEquals(size, u.plaintextBytes());
            assertEquals(Set.of(Right.OWNER), u.rights());
        }
        assertArrayEquals(content, Files.readAllBytes(back));
        assertEquals(List.of("copy.docx", "report.docx", "report.docx.rmsp"), TestSupport.filesIn(dir),
                "no temporary file is left");
    }

    private static int headerLength(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ProtectedFileHeader.read(in).length();
        }
    }

    @Test
    void adHocGrantsDecideWhoMayUnprotect() throws Exception {
        Path in = write("plan.txt", "the plan".getBytes(StandardCharsets.UTF_8));
        Path prot = dir.resolve("plan.txt.rmsp");
        try (RmsClient alice = client("alice@contoso.com")) {
            alice.protectFile(in, prot, ProtectOptions.grants(Map.of("bob@contoso.com",
                    EnumSet.of(Right.VIEW, Right.EXPORT))), FileOptions.DEFAULT);
        }
        try (RmsClient bob = client("bob@contoso.com")) {
            UnprotectResult r = bob.unprotectFile(prot, dir.resolve("bob.txt"), FileOptions.DEFAULT);
            assertEquals(Set.of(Right.VIEW, Right.EXPORT), r.rights());
            assertEquals("the plan", Files.readString(dir.resolve("bob.txt")));
        }
        try (RmsClient carol = client("carol@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> carol.unprotectFile(prot, dir.resolve("carol.txt"), FileOptions.DEFAULT));
            assertEquals(RmsClientException.ACCESS_DENIED, e.code());
            assertTrue(e.getMessage().contains("Ask the owner"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("carol.txt")));
    }

    @Test
    void viewOnlyOpensForReadingButMayNotRemoveProtection() throws Exception {
        byte[] content = TestSupport.bytes(200_000, 7);
        Path prot = dir.resolve("memo.rmsp");
        try (RmsClient alice = client("alice@contoso.com")) {
            alice.protectFile(write("memo", content), prot, ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT);
        }
        try (RmsClient bob = client("bob@contoso.com")) {
            try (InputStream in = Files.newInputStream(prot); ProtectedContent opened = bob.open(in)) {
                assertEquals(Set.of(Right.VIEW), opened.rights());
                assertFalse(opened.allows(Right.EXPORT));
                assertArrayEquals(content, opened.stream().readAllBytes());
            }
            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> bob.unprotectFile(prot, dir.resolve("memo.plain"), FileOptions.DEFAULT));
            assertEquals(RmsClientException.ACCESS_DENIED, e.code());
            assertTrue(e.getMessage().contains("EXPORT"), e.getMessage());
        }
        assertEquals(List.of("memo", "memo.rmsp"), TestSupport.filesIn(dir));
    }

    @Test
    void neverOverwritesUnlessAsked() throws Exception {
        Path in = write("a.txt", "new".getBytes(StandardCharsets.UTF_8));
        Path out = write("a.txt.rmsp", "keep me".getBytes(StandardCharsets.UTF_8));
        int publishesBefore = cloud.calls("publish.asmx");
        try (RmsClient alice = client("alice@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class, () -> alice.protectFile(in, out,
                    ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT));
            assertEquals(RmsClientException.OUTPUT_EXISTS, e.code());
            assertEquals("keep me", Files.readString(out));
            assertEquals(publishesBefore, cloud.calls("publish.asmx"), "refused before any work");

            alice.protectFile(in, out, ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT.withOverwrite(true));
            Path plain = write("a.back", "old".getBytes(StandardCharsets.UTF_8));
            assertThrows(RmsClientException.class, () -> alice.unprotectFile(out, plain, FileOptions.DEFAULT));
            assertEquals("old", Files.readString(plain));
            alice.unprotectFile(out, plain, FileOptions.DEFAULT.withOverwrite(true));
            assertEquals("new", Files.readString(plain));
        }
        assertEquals(List.of("a.back", "a.txt", "a.txt.rmsp"), TestSupport.filesIn(dir));
    }

    @Test
    void aTamperedFileLeavesNoOutputAndNoTemporaryFile() throws Exception {
        Path prot = protectedCopy(300_000);
        byte[] bytes = Files.readAllBytes(prot);
        bytes[bytes.length - 20] ^= 1; // inside the last chunk: earlier chunks decrypt and are written first
        Files.write(prot, bytes);
        try (RmsClient alice = client("alice@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> alice.unprotectFile(prot, dir.resolve("out.bin"), FileOptions.DEFAULT));
            assertEquals(RmsClientException.TAMPERED, e.code());
            assertTrue(e.getMessage().contains("ask the owner for a new copy"), e.getMessage());
        }
        assertEquals(List.of("in.bin", "in.bin.rmsp"), TestSupport.filesIn(dir));
    }

    @Test
    void aTruncatedFileIsRefusedLikeATamperedOne() throws Exception {
        Path prot = protectedCopy(200_000);
        byte[] bytes = Files.readAllBytes(prot);
        Files.write(prot, java.util.Arrays.copyOf(bytes, bytes.length - (65_536 + 16) + 0));
        try (RmsClient alice = client("alice@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> alice.unprotectFile(prot, dir.resolve("out.bin"), FileOptions.DEFAULT));
            assertEquals(RmsClientException.TAMPERED, e.code());
        }
        assertEquals(List.of("in.bin", "in.bin.rmsp"), TestSupport.filesIn(dir));
    }

    @Test
    void anExceptionInTheMiddleLeavesNoOutput() throws Exception {
        Path prot = protectedCopy(1_000_000);
        Path in = dir.resolve("in.bin");
        Progress boom = (done, total) -> {
            if (done > total / 2) {
                throw new IllegalStateException("cancelled by the test");
            }
        };
        try (RmsClient alice = client("alice@contoso.com")) {
            assertThrows(IllegalStateException.class, () -> alice.protectFile(in, dir.resolve("again.rmsp"),
                    ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT.withProgress(boom)));
            assertThrows(IllegalStateException.class,
                    () -> alice.unprotectFile(prot, dir.resolve("out.bin"), FileOptions.DEFAULT.withProgress(boom)));
        }
        assertEquals(List.of("in.bin", "in.bin.rmsp"), TestSupport.filesIn(dir));
    }

    @Test
    void progressIsReportedUpToTheTotal() throws Exception {
        Path in = write("big.bin", TestSupport.bytes(1_000_000, 3));
        List<long[]> seen = new ArrayList<>();
        try (RmsClient alice = client("alice@contoso.com")) {
            alice.protectFile(in, dir.resolve("big.rmsp"), ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT.withProgress((d, t) -> seen.add(new long[] {d, t})));
        }
        assertTrue(seen.size() >= 10, "one call per 64 KiB block");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i)[0] > seen.get(i - 1)[0]);
        }
        assertEquals(1_000_000, seen.get(seen.size() - 1)[0]);
        assertEquals(1_000_000, seen.get(seen.size() - 1)[1]);
    }

    @Test
    void serviceUnavailableCarriesRetryAfterAndLeavesNoOutput() throws Exception {
        Path in = write("x.txt", "x".getBytes(StandardCharsets.UTF_8));
        cloud.fail(new FakeCloud.Failure("publish.asmx", 503,
                "{\"error\":\"cloud_unavailable\",\"message\":\"the cloud service is not answering\",\"requestId\":\"r-1\"}",
                Map.of("Retry-After", "7")));
        try (RmsClient alice = client("alice@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class, () -> alice.protectFile(in,
                    dir.resolve("x.rmsp"), ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT));
            assertEquals(RmsClientException.SERVICE_UNAVAILABLE, e.code());
            assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
            assertEquals("cloud_unavailable", e.serviceCode().orElseThrow());
            assertEquals("r-1", e.requestId().orElseThrow());
            assertEquals(503, e.httpStatus());
            assertTrue(e.getMessage().contains("Try again in 7 s"), e.getMessage());
        }
        assertEquals(List.of("x.txt"), TestSupport.filesIn(dir));
    }

    @Test
    void refusesInputsThatAreNotWhatTheOperationNeeds() throws Exception {
        Path plain = write("plain.txt", "hello".getBytes(StandardCharsets.UTF_8));
        Path prot = protectedCopy(10);
        try (RmsClient alice = client("alice@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> alice.unprotectFile(plain, dir.resolve("p2"), FileOptions.DEFAULT));
            assertEquals(RmsClientException.NOT_PROTECTED, e.code());
            e = assertThrows(RmsClientException.class, () -> alice.protectFile(prot, dir.resolve("twice.rmsp"),
                    ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT));
            assertEquals(RmsClientException.ALREADY_PROTECTED, e.code());
            e = assertThrows(RmsClientException.class, () -> alice.protectFile(plain, plain,
                    ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT.withOverwrite(true)));
            assertEquals(RmsClientException.BAD_ARGUMENT, e.code(), "the output may not be the input");
            e = assertThrows(RmsClientException.class, () -> alice.protectFile(dir.resolve("missing"),
                    dir.resolve("m.rmsp"), ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT));
            assertEquals(RmsClientException.BAD_ARGUMENT, e.code());
            e = assertThrows(RmsClientException.class, () -> alice.protectFile(plain, dir.resolve("e.rmsp"),
                    ProtectOptions.template(FakeCloud.TEMPLATE_ID).withContentExpiry(Instant.now().minusSeconds(5)),
                    FileOptions.DEFAULT));
            assertEquals(RmsClientException.BAD_ARGUMENT, e.code(), "an expiry in the past");
        }
        assertEquals("hello", Files.readString(plain));
        assertEquals(List.of("in.bin", "in.bin.rmsp", "plain.txt"), TestSupport.filesIn(dir));
    }

    @Test
    void infoReadsTheHeaderWithoutNetworkOrIdentity() throws Exception {
        Instant expiry = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Path in = write("doc.txt", "doc".getBytes(StandardCharsets.UTF_8));
        Path prot = dir.resolve("doc.txt.rmsp");
        try (RmsClient alice = client("alice@contoso.com")) {
            alice.protectFile(in, prot, ProtectOptions.grants(Map.of("bob@contoso.com", Set.of(Right.VIEW)))
                    .withContentExpiry(expiry).withOfflineDays(3), FileOptions.DEFAULT);
        }
        Path emptyHome = dir.resolve("no-home");
        // port 1 on loopback: nothing listens, so any network use would fail the test
        ClientConfig offline = ClientConfig.builder(java.net.URI.create("http://127.0.0.1:1")).home(emptyHome).build();
        try (RmsClient nobody = RmsClient.create(offline); InputStream is = Files.newInputStream(prot)) {
            ProtectionInfo info = nobody.info(is);
            assertEquals("alice@contoso.com", info.owner());
            assertEquals(FakeCloud.TENANT_ID, info.issuer());
            assertEquals(expiry, info.contentExpiry());
            assertEquals(3, info.offlineDays());
            assertEquals("bob@contoso.com", info.grants().get(0).principal());
            assertTrue(info.templateId().isEmpty());
            assertEquals(FakeCloud.tenantKid(), info.tenantKeyId());
            assertFalse(info.isExpired(Instant.now()));

            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> nobody.info(new ByteArrayInputStream("PK\3\4 a zip".getBytes(StandardCharsets.US_ASCII))));
            assertEquals(RmsClientException.NOT_PROTECTED, e.code());
        }
        assertFalse(Files.exists(emptyHome), "info creates no key");
    }

    @Test
    void streamsProtectAndUnprotectWithoutFiles() throws Exception {
        byte[] content = TestSupport.bytes(150_000, 11);
        ByteArrayOutputStream prot = new ByteArrayOutputStream();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (RmsClient alice = client("alice@contoso.com")) {
            ProtectResult p = alice.protect(new ByteArrayInputStream(content), prot,
                    ProtectOptions.template(FakeCloud.TEMPLATE_ID).withOwner("alice@contoso.com"));
            assertEquals(prot.size(), p.protectedBytes());
            UnprotectResult u = alice.unprotect(new ByteArrayInputStream(prot.toByteArray()), back);
            assertEquals(p.info().contentId(), u.info().contentId());
            assertTrue(u.licenseExpiresAt().isAfter(Instant.now()));
        }
        assertArrayEquals(content, back.toByteArray());
    }

    @Test
    void theServiceRefusesToPublishForSomeoneElse() throws Exception {
        Path in = write("y.txt", "y".getBytes(StandardCharsets.UTF_8));
        try (RmsClient alice = client("alice@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class, () -> alice.protectFile(in,
                    dir.resolve("y.rmsp"), ProtectOptions.template(FakeCloud.TEMPLATE_ID).withOwner("bob@contoso.com"),
                    FileOptions.DEFAULT));
            assertEquals(RmsClientException.ACCESS_DENIED, e.code());
            assertEquals(403, e.httpStatus());
            assertTrue(e.requestId().isPresent(), "the request id to quote to an administrator");
        }
        assertEquals(List.of("y.txt"), TestSupport.filesIn(dir));
    }

    private Path protectedCopy(int size) throws Exception {
        Path in = write("in.bin", TestSupport.bytes(size, 99));
        Path prot = dir.resolve("in.bin.rmsp");
        try (RmsClient alice = client("alice@contoso.com")) {
            alice.protectFile(in, prot, ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT);
        }
        return prot;
    }
}
