package org.rmsconnector.protectedfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.Fixtures;

class ProtectedFileTest {

    private static final int CHUNK = 1024;
    private static final int RECORD = CHUNK + 16;
    private static final byte[] KEY = ContentKeys.generate();
    private static String license;

    @BeforeAll
    static void license() throws Exception {
        license = Fixtures.publishingLicense(KEY).compact();
    }

    // ---------------------------------------------------------------- round trips

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 5 * CHUNK + 17})
    void roundTrip(int size) throws Exception {
        byte[] plain = random(size, size);
        byte[] file = protect(plain, CHUNK);
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        // the last chunk may be full; an empty file still has one (empty) final chunk
        int header = ProtectedFileReader.readHeader(new ByteArrayInputStream(file)).length();
        assertEquals(header + size + 16L * chunks, file.length);
        assertArrayEquals(plain, unprotect(file));
        // byte-at-a-time reading gives the same
        try (ProtectedFileReader r = new ProtectedFileReader(new ByteArrayInputStream(file), KEY)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b; (b = r.read()) >= 0;) {
                out.write(b);
            }
            assertArrayEquals(plain, out.toByteArray());
            assertEquals(-1, r.read());
        }
    }

    @Test
    void defaultChunkSizeAndByteWrites() throws Exception {
        byte[] plain = random(200_000, 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProtectedFileWriter w = new ProtectedFileWriter(out, license, KEY)) {
            for (int i = 0; i < 1000; i++) {
                w.write(plain[i]);
            }
            w.write(plain, 1000, plain.length - 1000);
        }
        ProtectedFileHeader h = ProtectedFileReader.readHeader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(ProtectedFileHeader.DEFAULT_CHUNK_SIZE, h.chunkSize());
        assertArrayEquals(plain, unprotect(out.toByteArray()));
    }

    @Test
    void headerIsReadableWithoutTheKeyAndLeavesTheStreamAtTheFirstChunk() throws Exception {
        byte[] plain = random(3000, 3);
        byte[] file = protect(plain, CHUNK);
        InputStream in = new ByteArrayInputStream(file);
        ProtectedFileHeader h = ProtectedFileReader.readHeader(in);
        assertEquals(license, h.publishingLicense());
        assertEquals(1, h.formatVersion());
        assertEquals(CHUNK, h.chunkSize());
        assertEquals(8, h.noncePrefix().length);
        assertEquals(32, h.headerHash().length);
        // the client's flow: read header, get the key for its license, continue on the same stream
        PublishingLicense pl = PublishingLicense.verify(h.publishingLicense(), Fixtures.tenantPublic());
        byte[] key = pl.unwrapContentKey(Fixtures.tenantPrivate());
        try (ProtectedFileReader r = new ProtectedFileReader(in, h, key)) {
            assertArrayEquals(plain, r.readAllBytes());
        }
    }

    @Test
    void sameContentTwiceGivesDifferentCiphertext() throws Exception {
        byte[] plain = random(5000, 1);
        byte[] a = protect(plain, CHUNK);
        byte[] b = protect(plain, CHUNK);
        assertEquals(a.length, b.length);
        assertTrue(!Arrays.equals(a, b), "fresh nonce prefix per file");
    }

    @Test
    void writerRefusesBadArgumentsAndUseAfterFinish() throws Exception {
        OutputStream sink = OutputStream.nullOutputStream();
        assertThrows(IllegalArgumentException.class, () -> new ProtectedFileWriter(sink, license, KEY, 1023));
        assertThrows(IllegalArgumentException.class, () -> new ProtectedFileWriter(sink, license, KEY, 4 * 1024 * 1024 + 1));
        assertThrows(IllegalArgumentException.class, () -> new ProtectedFileWriter(sink, license, new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new ProtectedFileWriter(sink, "not a license", KEY));
        ProtectedFileWriter w = new ProtectedFileWriter(sink, license, KEY, 4 * 1024 * 1024);
        w.finish();
        w.finish();
        assertThrows(IOException.class, () -> w.write(1));
        w.close();
    }

    // ---------------------------------------------------------------- tampering

    /** 3 full chunks + a 100-byte final chunk. */
    private static final int SIZE = 3 * CHUNK + 100;

    @Test
    void flippedMagicIsMalformed() throws Exception {
        expectRefusal(flip(fixture(), 2), Reason.MALFORMED, 0);
    }

    @Test
    void flippedVersionIsUnsupported() throws Exception {
        expectRefusal(flip(fixture(), 5), Reason.UNSUPPORTED_VERSION, 0);
    }

    @Test
    void flippedChunkSize() throws Exception {
        expectRefusal(flip(fixture(), 6), Reason.MALFORMED, 0); // high byte: out of range
        expectRefusal(flip(fixture(), 9), Reason.TAMPERED, 0); // 1025: in range, but bound by the header hash
    }

    @Test
    void flippedLicenseLength() throws Exception {
        expectRefusal(flip(fixture(), 10), Reason.MALFORMED, 0); // out of range
        byte[] f = fixture();
        f[13]--; // license one byte shorter: still parses, everything after shifts
        expectRefusal(f, Reason.TAMPERED, 0);
    }

    @Test
    void changedLicense() throws Exception {
        byte[] f = fixture();
        int i = 14 + 40; // inside the license's header segment
        f[i] = (byte) (f[i] == 'A' ? 'B' : 'A'); // still a well-formed JWS text: caught by the header hash
        expectRefusal(f, Reason.TAMPERED, 0);
        byte[] g = fixture();
        g[14 + 40] = (byte) 0xff; // not UTF-8
        expectRefusal(g, Reason.MALFORMED, 0);
        byte[] h = fixture();
        h[14 + 40] = '.'; // four parts
        expectRefusal(h, Reason.MALFORMED, 0);
    }

    @Test
    void flippedNoncePrefix() throws Exception {
        byte[] f = fixture();
        expectRefusal(flip(f, headerLength(f) - 3), Reason.TAMPERED, 0);
    }

    @Test
    void flippedCiphertextOrTagOfAnyChunk() throws Exception {
        for (int chunk = 0; chunk < 4; chunk++) {
            byte[] f = fixture();
            int start = headerLength(f) + chunk * RECORD;
            int recordLength = chunk < 3 ? RECORD : 100 + 16;
            expectRefusal(flip(f, start + 7), Reason.TAMPERED, chunk * CHUNK); // ciphertext
            expectRefusal(flip(fixture(), start + recordLength - 1), Reason.TAMPERED, chunk * CHUNK); // tag
        }
    }

    @Test
    void truncationInsideTheHeader() throws Exception {
        byte[] f = fixture();
        for (int cut : new int[] {0, 3, 5, 8, 12, 14, 100, headerLength(f) - 1}) {
            expectRefusal(Arrays.copyOf(f, cut), Reason.TRUNCATED, 0);
        }
    }

    @Test
    void truncationAfterHeaderOrAtChunkBoundaries() throws Exception {
        byte[] f = fixture();
        int h = headerLength(f);
        expectRefusal(Arrays.copyOf(f, h), Reason.TRUNCATED, 0); // no chunk at all
        expectRefusal(Arrays.copyOf(f, h + RECORD), Reason.TRUNCATED, 0);
        expectRefusal(Arrays.copyOf(f, h + 2 * RECORD), Reason.TRUNCATED, CHUNK);
        expectRefusal(Arrays.copyOf(f, h + 3 * RECORD), Reason.TRUNCATED, 2 * CHUNK); // final chunk removed
        // an empty file without its (empty) final chunk
        byte[] empty = protect(new byte[0], CHUNK);
        expectRefusal(Arrays.copyOf(empty, empty.length - 16), new byte[0], Reason.TRUNCATED, 0);
        // a file ending in a full final chunk, cut before it
        byte[] exactPlain = random(2 * CHUNK, 9);
        byte[] exact = protect(exactPlain, CHUNK);
        expectRefusal(Arrays.copyOf(exact, exact.length - RECORD), exactPlain, Reason.TRUNCATED, 0);
    }

    @Test
    void truncationInsideAChunk() throws Exception {
        byte[] f = fixture();
        int h = headerLength(f);
        // Cut inside a chunk: what is left cannot authenticate (indistinguishable from alteration).
        expectRefusal(Arrays.copyOf(f, h + RECORD + 500), Reason.TAMPERED, CHUNK);
        expectRefusal(Arrays.copyOf(f, f.length - 1), Reason.TAMPERED, 3 * CHUNK);
        // Cut so short that not even a tag is left: provably truncated.
        expectRefusal(Arrays.copyOf(f, h + RECORD + 10), Reason.TRUNCATED, CHUNK);
    }

    @Test
    void reorderedChunks() throws Exception {
        byte[] f = fixture();
        int h = headerLength(f);
        byte[] g = f.clone();
        System.arraycopy(f, h, g, h + RECORD, RECORD);
        System.arraycopy(f, h + RECORD, g, h, RECORD);
        expectRefusal(g, Reason.TAMPERED, 0);
    }

    @Test
    void duplicatedChunk() throws Exception {
        byte[] f = fixture();
        int h = headerLength(f);
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        g.write(f, 0, h + 2 * RECORD);
        g.write(f, h + RECORD, RECORD); // chunk 1 again, in place of chunk 2
        g.write(f, h + 2 * RECORD, f.length - h - 2 * RECORD);
        expectRefusal(g.toByteArray(), Reason.TAMPERED, 2 * CHUNK);
    }

    @Test
    void dataAfterTheFinalChunk() throws Exception {
        byte[] f = fixture();
        expectRefusal(concat(f, new byte[] {0}), Reason.TAMPERED, 3 * CHUNK);
        expectRefusal(concat(f, random(5000, 4)), Reason.TAMPERED, 3 * CHUNK);
        byte[] exactPlain = random(2 * CHUNK, 9);
        byte[] exact = protect(exactPlain, CHUNK); // final chunk is full-size
        ProtocolException e = expectRefusal(concat(exact, new byte[] {42}), exactPlain, Reason.TAMPERED, CHUNK);
        assertTrue(e.getMessage().contains("follows the final chunk"), e.getMessage());
        // a whole extra chunk of another file, sealed with the same key
        byte[] other = protect(random(SIZE, 5), CHUNK);
        expectRefusal(concat(f, Arrays.copyOfRange(other, headerLength(other), headerLength(other) + RECORD)),
                Reason.TAMPERED, 3 * CHUNK);
    }

    @Test
    void chunkFromAnotherFileWithTheSameKey() throws Exception {
        byte[] f = fixture();
        byte[] other = protect(random(SIZE, 5), CHUNK);
        System.arraycopy(other, headerLength(other) + RECORD, f, headerLength(f) + RECORD, RECORD);
        expectRefusal(f, Reason.TAMPERED, CHUNK);
    }

    @Test
    void wrongKey() throws Exception {
        byte[] f = fixture();
        Outcome o = drain(f, ContentKeys.generate());
        assertNotNull(o.failure);
        assertEquals(Reason.TAMPERED, o.failure.reason());
        assertEquals(0, o.plain.length);
    }

    /** Every single-bit change anywhere in a small file is refused, and never leaks unauthenticated plaintext. */
    @Test
    void everyBitFlipPositionIsRefused() throws Exception {
        byte[] plain = random(CHUNK + 300, 11);
        byte[] f = protect(plain, CHUNK);
        int h = headerLength(f);
        Set<Reason> allowed = EnumSet.of(Reason.MALFORMED, Reason.UNSUPPORTED_VERSION, Reason.TAMPERED, Reason.TRUNCATED);
        for (int i = 0; i < f.length; i++) {
            byte[] g = flip(f.clone(), i);
            Outcome o = drain(g, KEY);
            int chunk = i < h ? 0 : (i - h) / RECORD;
            if (o.failure == null) {
                fail("flip at " + i + " was not detected");
            }
            assertTrue(allowed.contains(o.failure.reason()), "flip at " + i + ": " + o.failure);
            assertTrue(o.plain.length <= chunk * CHUNK, "flip at " + i + ": returned unauthenticated plaintext");
            assertArrayEquals(Arrays.copyOf(plain, o.plain.length), o.plain);
        }
    }

    @Test
    void failureIsSticky() throws Exception {
        byte[] f = fixture();
        flip(f, headerLength(f) + RECORD + 3);
        try (ProtectedFileReader r = new ProtectedFileReader(new ByteArrayInputStream(f), KEY)) {
            assertEquals(CHUNK, r.readNBytes(CHUNK).length);
            ProtocolException first = assertThrows(ProtocolException.class, r::read);
            ProtocolException again = assertThrows(ProtocolException.class, () -> r.read(new byte[10]));
            assertEquals(first.reason(), again.reason());
        }
    }

    // ---------------------------------------------------------------- streaming

    /** 50 MB through writer → pipe → reader: constant memory, and the reader starts long before the writer ends. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void streamsFiftyMegabytesThroughAPipe() throws Exception {
        final long total = 50L * 1024 * 1024;
        PipedInputStream pipeIn = new PipedInputStream(64 * 1024);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        AtomicLong written = new AtomicLong();
        CompletableFuture<byte[]> writer = CompletableFuture.supplyAsync(() -> {
            try (ProtectedFileWriter w = new ProtectedFileWriter(pipeOut, license, KEY)) {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                Random rnd = new Random(50);
                byte[] block = new byte[8192 + 13]; // deliberately not a divisor of the chunk size
                while (written.get() < total) {
                    int n = (int) Math.min(block.length, total - written.get());
                    rnd.nextBytes(block);
                    d.update(block, 0, n);
                    w.write(block, 0, n);
                    written.addAndGet(n);
                }
                return d.digest();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        long read = 0;
        long writtenAtFirstByte = -1;
        try (ProtectedFileReader r = new ProtectedFileReader(pipeIn, KEY)) {
            byte[] buf = new byte[10_000];
            for (int n; (n = r.read(buf)) > 0;) {
                if (writtenAtFirstByte < 0) {
                    writtenAtFirstByte = written.get();
                }
                d.update(buf, 0, n);
                read += n;
            }
        }
        assertEquals(total, read);
        assertArrayEquals(writer.get(60, TimeUnit.SECONDS), d.digest());
        // neither side buffered the content: plaintext came out while the writer had written a tiny part of it
        assertTrue(writtenAtFirstByte < 2 * 1024 * 1024, "writer had written " + writtenAtFirstByte + " bytes");
    }

    // ---------------------------------------------------------------- helpers

    private record Outcome(byte[] plain, ProtocolException failure) {
    }

    /** Reads everything it can, in odd-sized pieces, keeping the plaintext returned before any failure. */
    private static Outcome drain(byte[] file, byte[] key) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (ProtectedFileReader r = new ProtectedFileReader(new ByteArrayInputStream(file), key)) {
            byte[] buf = new byte[777];
            for (int n; (n = r.read(buf)) >= 0;) {
                got.write(buf, 0, n);
            }
            return new Outcome(got.toByteArray(), null);
        } catch (ProtocolException e) {
            return new Outcome(got.toByteArray(), e);
        } catch (IOException e) {
            throw new AssertionError("failure without a reason", e);
        }
    }

    private static ProtocolException expectRefusal(byte[] file, Reason reason, int maxPlain) throws Exception {
        return expectRefusal(file, fixturePlain(), reason, maxPlain);
    }

    private static ProtocolException expectRefusal(byte[] file, byte[] plain, Reason reason, int maxPlain) {
        Outcome o = drain(file, KEY);
        assertNotNull(o.failure, "not refused");
        assertEquals(reason, o.failure.reason(), o.failure.getMessage());
        assertTrue(o.plain.length <= maxPlain, "returned " + o.plain.length + " bytes, only " + maxPlain
                + " had authenticated");
        assertArrayEquals(Arrays.copyOf(plain, o.plain.length), o.plain, "returned bytes are not the plaintext");
        return o.failure;
    }

    private static byte[] fixturePlainCache;

    private static byte[] fixturePlain() {
        if (fixturePlainCache == null) {
            fixturePlainCache = random(SIZE, 42);
        }
        return fixturePlainCache;
    }

    private static byte[] fixture() throws IOException {
        return protect(fixturePlain(), CHUNK);
    }

    private static int headerLength(byte[] file) throws IOException {
        return ProtectedFileReader.readHeader(new ByteArrayInputStream(file)).length();
    }

    private static byte[] flip(byte[] b, int i) {
        b[i] ^= 1;
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] protect(byte[] plain, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProtectedFileWriter w = new ProtectedFileWriter(out, license, KEY, chunk)) {
            w.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] unprotect(byte[] file) throws IOException {
        try (ProtectedFileReader r = new ProtectedFileReader(new ByteArrayInputStream(file), KEY)) {
            return r.readAllBytes();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
