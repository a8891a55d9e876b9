package org.rmsconnector.protectedfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.Fixtures;

/**
 * The parallel file path against the sequential writer and reader: same bytes, same refusals, whatever the
 * threads. Small chunks and batches of two chunks give many batches, so small files exercise the threads.
 */
class ProtectedFileChannelsTest {

    private static final int CHUNK = 1024;
    private static final int RECORD = CHUNK + 16;
    private static final int BATCH = 2 * CHUNK;
    private static final byte[] KEY = ContentKeys.generate();
    private static String license;

    @TempDir
    Path dir;

    @BeforeAll
    static void license() throws Exception {
        license = Fixtures.publishingLicense(KEY).compact();
    }

    // ---------------------------------------------------------------- same bytes as the sequential writer

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 37 * CHUNK + 5, 40 * CHUNK})
    void parallelSealingWritesTheSequentialWritersBytesAndBothReadersOpenIt(int size) throws Exception {
        byte[] plain = random(size, size);
        ProtectedFileHeader header = ProtectedFileHeader.create(license, CHUNK, random(8, 7 + size));
        byte[] sequential = writeSequentially(plain, header);
        for (int threads : new int[] {1, 2, 4, 7}) {
            byte[] parallel = seal(plain, header, threads, BATCH);
            assertArrayEquals(sequential, parallel, threads + " threads, " + size + " bytes");
            assertArrayEquals(plain, open(parallel, threads, BATCH), threads + " threads, " + size + " bytes");
        }
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertEquals(header.length() + size + 16L * chunks, sequential.length);
        assertArrayEquals(plain, readSequentially(sequential));
    }

    @Test
    void theDefaultBatchSizeAndAPublicSealGiveAFileTheSequentialReaderOpens() throws Exception {
        byte[] plain = random(3 * 1024 * 1024 + 99, 5);
        Path in = Files.write(dir.resolve("plain"), plain);
        Path out = dir.resolve("sealed");
        ProtectedFileChannels.Sealed s;
        try (FileChannel i = FileChannel.open(in); FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            s = ProtectedFileChannels.seal(i, o, license, KEY, 64 * 1024, 4, n -> { });
            assertEquals(plain.length, i.position());
            assertEquals(s.protectedBytes(), o.position());
        }
        assertEquals(plain.length, s.plaintextBytes());
        assertEquals(Files.size(out), s.protectedBytes());
        assertEquals(64 * 1024, s.header().chunkSize());
        assertArrayEquals(plain, readSequentially(Files.readAllBytes(out)));
        // a fresh nonce prefix per file, as with the writer
        try (FileChannel i = FileChannel.open(in); FileChannel o = FileChannel.open(dir.resolve("again"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ProtectedFileChannels.Sealed again = ProtectedFileChannels.seal(i, o, license, KEY, 64 * 1024, 4, n -> { });
            assertNotEquals(Arrays.toString(s.header().noncePrefix()), Arrays.toString(again.header().noncePrefix()));
        }
    }

    @Test
    void progressRunsOnTheCallingThreadOncePerChunkAndAddsUpToTheInput() throws Exception {
        byte[] plain = random(20 * CHUNK + 3, 9);
        ProtectedFileHeader header = ProtectedFileHeader.create(license, CHUNK, random(8, 1));
        Thread caller = Thread.currentThread();
        List<Long> sealing = new ArrayList<>();
        byte[] file = seal(plain, header, 4, BATCH, n -> {
            assertSame(caller, Thread.currentThread());
            sealing.add(n);
        });
        assertEquals(21, sealing.size());
        assertEquals(plain.length, sealing.stream().mapToLong(Long::longValue).sum());
        AtomicLong opening = new AtomicLong();
        List<Long> calls = new ArrayList<>();
        open(file, 4, BATCH, n -> {
            assertSame(caller, Thread.currentThread());
            opening.addAndGet(n);
            calls.add(n);
        });
        assertEquals(21, calls.size());
        assertEquals(file.length - header.length(), opening.get(), "protected bytes after the header");
        assertNoWorkerLeft();
    }

    // ---------------------------------------------------------------- same refusals as the sequential reader

    @Test
    void everyDamageIsRefusedWithTheSequentialReadersReasonAndMessageWhateverTheThreads() throws Exception {
        byte[] plain = random(10 * CHUNK + 100, 42);
        byte[] good = writeSequentially(plain, ProtectedFileHeader.create(license, CHUNK, random(8, 2)));
        int h = ProtectedFileReader.readHeader(new ByteArrayInputStream(good)).length();
        Map<String, byte[]> damaged = new LinkedHashMap<>();
        damaged.put("a ciphertext bit of chunk 3", flip(good.clone(), h + 3 * RECORD + 5));
        damaged.put("chunks 7 and 3 (the first wins)", flip(flip(good.clone(), h + 7 * RECORD + 5), h + 3 * RECORD + 9));
        damaged.put("the last tag", flip(good.clone(), good.length - 1));
        damaged.put("the nonce prefix", flip(good.clone(), h - 1));
        damaged.put("the final chunk cut off", Arrays.copyOf(good, good.length - (100 + 16)));
        damaged.put("cut inside the final chunk", Arrays.copyOf(good, good.length - 50));
        damaged.put("cut inside chunk 6", Arrays.copyOf(good, h + 6 * RECORD + 500));
        damaged.put("no room for the last tag", Arrays.copyOf(good, h + 10 * RECORD + 10));
        damaged.put("nothing after the header", Arrays.copyOf(good, h));
        damaged.put("chunks 2 and 3 swapped", swap(good.clone(), h + 2 * RECORD, h + 3 * RECORD));
        damaged.put("chunk 4 twice", concat(Arrays.copyOf(good, h + 5 * RECORD),
                Arrays.copyOfRange(good, h + 4 * RECORD, good.length)));
        damaged.put("a copy of the final chunk appended", concat(good, Arrays.copyOfRange(good, h + 10 * RECORD,
                good.length)));
        damaged.put("one byte appended", concat(good, new byte[] {0}));
        damaged.put("a full record appended", concat(good, new byte[RECORD]));
        for (Map.Entry<String, byte[]> d : damaged.entrySet()) {
            ProtocolException expected = sequentialRefusal(d.getValue(), KEY);
            assertNotNull(expected, d.getKey() + ": the sequential reader accepted it");
            for (int threads : new int[] {1, 3, 4}) {
                for (int round = 0; round < 3; round++) {
                    ProtocolException e = assertThrows(ProtocolException.class,
                            () -> open(d.getValue(), threads, BATCH), d.getKey());
                    assertEquals(expected.reason(), e.reason(), d.getKey() + ": " + e.getMessage());
                    assertEquals(expected.getMessage(), e.getMessage(), d.getKey());
                }
            }
        }
        assertNoWorkerLeft();
    }

    @Test
    void aWrongKeyFailsTheFirstChunk() throws Exception {
        byte[] file = writeSequentially(random(9 * CHUNK, 4), ProtectedFileHeader.create(license, CHUNK, random(8, 3)));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> openWith(file, ContentKeys.generate(), 4, BATCH, n -> { }));
        assertEquals(Reason.TAMPERED, e.reason());
        assertTrue(e.getMessage().startsWith("chunk 0 does not authenticate"), e.getMessage());
    }

    // ---------------------------------------------------------------- stopping

    @Test
    void anExceptionFromProgressStopsTheWorkersAndComesOutAsItIs() throws Exception {
        byte[] plain = random(200 * CHUNK, 6);
        ProtectedFileHeader header = ProtectedFileHeader.create(license, CHUNK, random(8, 4));
        IllegalStateException stop = new IllegalStateException("stop");
        AtomicLong calls = new AtomicLong();
        LongConsumer boom = n -> {
            if (calls.incrementAndGet() == 5) {
                throw stop;
            }
        };
        assertSame(stop, assertThrows(IllegalStateException.class, () -> seal(plain, header, 4, BATCH, boom)));
        assertNoWorkerLeft();
        assertEquals(5, calls.get(), "no progress after the failure");
        calls.set(0);
        byte[] file = writeSequentially(plain, header);
        assertSame(stop, assertThrows(IllegalStateException.class, () -> open(file, 4, BATCH, boom)));
        assertNoWorkerLeft();
    }

    @Test
    void contentThatGrowsWhileItIsSealedIsRefused() throws Exception {
        Path in = Files.write(dir.resolve("growing"), random(50 * CHUNK, 8));
        ProtectedFileHeader header = ProtectedFileHeader.create(license, CHUNK, random(8, 5));
        try (FileChannel i = FileChannel.open(in); FileChannel o = FileChannel.open(dir.resolve("out"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            AtomicLong calls = new AtomicLong();
            IOException e = assertThrows(IOException.class, () -> ProtectedFileChannels.seal(i, o, header, KEY, 3, n -> {
                if (calls.incrementAndGet() == 1) {
                    append(in, 10);
                }
            }, BATCH));
            assertTrue(e.getMessage().contains("changed size"), e.getMessage());
        }
    }

    @Test
    void refusesThreadCountsOutOfRange() throws Exception {
        ProtectedFileHeader header = ProtectedFileHeader.create(license, CHUNK, random(8, 6));
        assertThrows(IllegalArgumentException.class, () -> seal(new byte[10], header, 0, BATCH));
        assertThrows(IllegalArgumentException.class,
                () -> seal(new byte[10], header, ProtectedFileChannels.MAX_THREADS + 1, BATCH));
    }

    // ---------------------------------------------------------------- helpers

    private byte[] seal(byte[] plain, ProtectedFileHeader header, int threads, int batch) throws IOException {
        return seal(plain, header, threads, batch, n -> { });
    }

    private byte[] seal(byte[] plain, ProtectedFileHeader header, int threads, int batch, LongConsumer progress)
            throws IOException {
        Path in = Files.write(Files.createTempFile(dir, "plain", ""), plain);
        Path out = Files.createTempFile(dir, "sealed", "");
        try (FileChannel i = FileChannel.open(in); FileChannel o = FileChannel.open(out, StandardOpenOption.WRITE)) {
            ProtectedFileChannels.Sealed s = ProtectedFileChannels.seal(i, o, header, KEY, threads, progress, batch);
            assertEquals(plain.length, s.plaintextBytes());
            assertEquals(Files.size(out), s.protectedBytes());
        }
        return Files.readAllBytes(out);
    }

    private byte[] open(byte[] file, int threads, int batch) throws IOException {
        return open(file, threads, batch, n -> { });
    }

    private byte[] open(byte[] file, int threads, int batch, LongConsumer progress) throws IOException {
        return openWith(file, KEY, threads, batch, progress);
    }

    private byte[] openWith(byte[] file, byte[] key, int threads, int batch, LongConsumer progress)
            throws IOException {
        Path in = Files.write(Files.createTempFile(dir, "sealed", ""), file);
        Path out = Files.createTempFile(dir, "plain", "");
        try (FileChannel i = FileChannel.open(in); FileChannel o = FileChannel.open(out, StandardOpenOption.WRITE)) {
            ProtectedFileHeader header = ProtectedFileReader.readHeader(java.nio.channels.Channels.newInputStream(i));
            long n = ProtectedFileChannels.open(i, header, key, o, threads, progress, batch);
            assertEquals(Files.size(out), n);
        }
        return Files.readAllBytes(out);
    }

    private static byte[] writeSequentially(byte[] plain, ProtectedFileHeader header) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProtectedFileWriter w = new ProtectedFileWriter(out, KEY, header)) {
            w.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] readSequentially(byte[] file) throws IOException {
        try (ProtectedFileReader r = new ProtectedFileReader(new ByteArrayInputStream(file), KEY)) {
            return r.readAllBytes();
        }
    }

    private static ProtocolException sequentialRefusal(byte[] file, byte[] key) throws IOException {
        try (ProtectedFileReader r = new ProtectedFileReader(new ByteArrayInputStream(file), key)) {
            r.readAllBytes();
            return null;
        } catch (ProtocolException e) {
            return e;
        }
    }

    private static void assertNoWorkerLeft() {
        // the run ends only after its workers: none may still write to the output
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("rms-file-chunks-")), "a chunk worker outlived its run");
    }

    private static void append(Path file, int n) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[n]));
        } catch (IOException e) {
            throw new AssertionError(e);
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

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
