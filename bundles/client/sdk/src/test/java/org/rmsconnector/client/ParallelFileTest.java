package org.rmsconnector.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.protectedfile.ProtectedFileHeader;

/**
 * protectFile and unprotectFile on several threads: the content survives at every size around chunk (64 KiB) and
 * batch (1 MiB) boundaries, files are interchangeable with the streaming API, and damage is refused with nothing
 * left behind.
 */
class ParallelFileTest {

    private static final int CHUNK = ProtectedFileHeader.DEFAULT_CHUNK_SIZE;
    private static final int RECORD = CHUNK + 16;
    private static final int BATCH = 1024 * 1024;

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

    private static RmsClient alice() {
        return RmsClient.create(TestSupport.config(cloud, "alice@contoso.com", homes).build());
    }

    @Test
    void roundTripsAtEverySizeAroundChunkAndBatchBoundariesOnOneAndOnFourThreads() throws Exception {
        int[] sizes = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, BATCH - 1, BATCH, BATCH + 1, 5 * BATCH + 3};
        try (RmsClient alice = alice()) {
            for (int size : sizes) {
                byte[] content = TestSupport.bytes(size, size);
                Path in = Files.write(dir.resolve("in-" + size), content);
                for (int threads : new int[] {1, 4}) {
                    FileOptions fo = FileOptions.DEFAULT.withThreads(threads);
                    Path prot = dir.resolve("in-" + size + "-" + threads + ".rmsp");
                    Path back = dir.resolve("back-" + size + "-" + threads);
                    ProtectResult p = alice.protectFile(in, prot, ProtectOptions.template(FakeCloud.TEMPLATE_ID), fo);
                    assertEquals(size, p.plaintextBytes());
                    assertEquals(Files.size(prot), p.protectedBytes());
                    long chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
                    assertEquals(size + 16 * chunks, Files.size(prot) - headerLength(prot), size + " bytes");
                    UnprotectResult u = alice.unprotectFile(prot, back, fo);
                    assertEquals(size, u.plaintextBytes());
                    assertArrayEquals(content, Files.readAllBytes(back), size + " bytes, " + threads + " threads");
                }
            }
        }
        assertTrue(TestSupport.filesIn(dir).stream().noneMatch(n -> n.endsWith(".rms-partial")));
    }

    @Test
    void filesAreInterchangeableWithTheStreamingWriterAndReader() throws Exception {
        byte[] content = TestSupport.bytes(3 * BATCH + 12_345, 77);
        try (RmsClient alice = alice()) {
            // streamed out, opened in parallel
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            alice.protect(new ByteArrayInputStream(content), streamed, ProtectOptions.template(FakeCloud.TEMPLATE_ID));
            Path prot = Files.write(dir.resolve("streamed.rmsp"), streamed.toByteArray());
            alice.unprotectFile(prot, dir.resolve("streamed"), FileOptions.DEFAULT.withThreads(4));
            assertArrayEquals(content, Files.readAllBytes(dir.resolve("streamed")));
            // written in parallel, opened as a stream
            Path in = Files.write(dir.resolve("in"), content);
            alice.protectFile(in, dir.resolve("in.rmsp"), ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT.withThreads(4));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            try (InputStream is = Files.newInputStream(dir.resolve("in.rmsp"))) {
                alice.unprotect(is, back);
            }
            assertArrayEquals(content, back.toByteArray());
        }
    }

    @Test
    void damageFoundByAnyThreadIsRefusedAndLeavesNoOutputAndKeepsTheOldOne() throws Exception {
        byte[] content = TestSupport.bytes(5 * BATCH + 100, 5);
        Path in = Files.write(dir.resolve("in"), content);
        Path prot = dir.resolve("in.rmsp");
        try (RmsClient alice = alice()) {
            alice.protectFile(in, prot, ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT.withThreads(4));
        }
        byte[] good = Files.readAllBytes(prot);
        int h = headerLength(prot);
        Map<String, UnaryOperator<byte[]>> damages = Map.of(
                "a flipped bit in chunk 41", b -> flip(b, h + 41 * RECORD + 100),
                "the last chunk cut off", b -> Arrays.copyOf(b, b.length - (100 + 16)),
                "cut inside chunk 30", b -> Arrays.copyOf(b, h + 30 * RECORD + 7),
                "chunks 20 and 50 swapped", b -> swap(b, h + 20 * RECORD, h + 50 * RECORD));
        Path out = Files.writeString(dir.resolve("out"), "keep me");
        try (RmsClient alice = alice()) {
            for (Map.Entry<String, UnaryOperator<byte[]>> d : damages.entrySet()) {
                Files.write(prot, d.getValue().apply(good.clone()));
                RmsClientException e = assertThrows(RmsClientException.class, () -> alice.unprotectFile(prot, out,
                        FileOptions.DEFAULT.withThreads(4).withOverwrite(true)), d.getKey());
                assertEquals(RmsClientException.TAMPERED, e.code(), d.getKey() + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("Nothing was kept"), e.getMessage());
                assertEquals("keep me", Files.readString(out), d.getKey());
                assertEquals(List.of("in", "in.rmsp", "out"), TestSupport.filesIn(dir), d.getKey());
            }
        }
    }

    @Test
    void progressComesOnTheCallingThreadInOrderUpToTheTotal() throws Exception {
        Path in = Files.write(dir.resolve("in"), TestSupport.bytes(4 * BATCH + 1, 1));
        Thread caller = Thread.currentThread();
        List<long[]> protecting = new ArrayList<>();
        List<long[]> unprotecting = new ArrayList<>();
        try (RmsClient alice = alice()) {
            alice.protectFile(in, dir.resolve("in.rmsp"), ProtectOptions.template(FakeCloud.TEMPLATE_ID),
                    FileOptions.DEFAULT.withThreads(4).withProgress((d, t) -> {
                        assertSame(caller, Thread.currentThread());
                        protecting.add(new long[] {d, t});
                    }));
            alice.unprotectFile(dir.resolve("in.rmsp"), dir.resolve("out"),
                    FileOptions.DEFAULT.withThreads(4).withProgress((d, t) -> unprotecting.add(new long[] {d, t})));
        }
        assertEquals(65, protecting.size(), "one call per chunk");
        assertIncreasingUpTo(protecting, 4 * BATCH + 1);
        assertIncreasingUpTo(unprotecting, Files.size(dir.resolve("in.rmsp")));
    }

    @Test
    void threadCountsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> FileOptions.DEFAULT.withThreads(-1));
        assertThrows(IllegalArgumentException.class, () -> FileOptions.DEFAULT.withThreads(FileOptions.MAX_THREADS + 1));
        assertEquals(3, FileOptions.DEFAULT.withThreads(3).effectiveThreads());
        assertEquals(Math.min(FileOptions.MAX_THREADS, Runtime.getRuntime().availableProcessors()),
                FileOptions.DEFAULT.effectiveThreads());
    }

    private static void assertIncreasingUpTo(List<long[]> seen, long total) {
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i)[0] > seen.get(i - 1)[0], "progress went back at call " + i);
        }
        assertEquals(total, seen.get(seen.size() - 1)[0]);
        assertEquals(total, seen.get(seen.size() - 1)[1]);
    }

    private static int headerLength(Path prot) throws IOException {
        try (InputStream is = Files.newInputStream(prot)) {
            return org.rmsconnector.protectedfile.ProtectedFileReader.readHeader(is).length();
        }
    }

    private static byte[] flip(byte[] b, int i) {
        b[i] ^= 1;
        return b;
    }

    private static byte[] swap(byte[] b, int from, int to) {
        byte[] first = Arrays.copyOfRange(b, from, from + RECORD);
        System.arraycopy(b, to, b, from, RECORD);
        System.arraycopy(first, 0, b, to, RECORD);
        return b;
    }
}
