package org.rmsconnector.protectedfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongConsumer;
import javax.crypto.AEADBadTagException;
import org.rmsconnector.protectedfile.internal.ChunkCrypto;
import org.rmsconnector.protectedfile.internal.ChunkRun;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;

/**
 * Protects and opens whole files between file channels on several threads: the same format as
 * {@link ProtectedFileWriter} and {@link ProtectedFileReader}, byte for byte, with the same refusals.
 *
 * <p>Chunks are independent (each has its own nonce and AAD, §5.2 of the protocol), so batches of consecutive
 * chunks are read, sealed or opened, and written by a few threads at once, each with its own cipher and buffers, and
 * each reading and writing at its batch's own offsets. Memory is bounded by threads × 2 × one batch (about 1 MiB, or
 * one chunk when chunks are larger), whatever the file size.
 *
 * <p>As with the reader, what authenticated may already have been written when a later chunk is refused: a caller
 * that needs all-or-nothing writes to a temporary file and moves it into place only after a normal return.
 */
public final class ProtectedFileChannels {

    /** Most threads one file may use: each holds two batch buffers. */
    public static final int MAX_THREADS = 64;
    /** Plaintext bytes a batch aims at: large sequential reads and writes, few hand-offs. */
    static final int BATCH_BYTES = 1024 * 1024;

    /**
     * What {@link #seal} wrote.
     *
     * @param header         the header written (its nonce prefix is fresh)
     * @param plaintextBytes bytes of content protected
     * @param protectedBytes bytes written: header and chunks
     */
    public record Sealed(ProtectedFileHeader header, long plaintextBytes, long protectedBytes) {
    }

    private ProtectedFileChannels() {
    }

    /**
     * Protects the content of {@code plain} from its position to its end into {@code out} at its position: a fresh
     * header, then the chunks. Both positions end after what was read and written. {@code progress} gets each
     * chunk's plaintext bytes on the calling thread; throwing from it stops the work.
     *
     * @throws IOException a read or write failed, or the content changed size meanwhile; a
     *                     {@link ProtocolException} with {@link Reason#CRYPTO_FAILURE} when the JVM cannot encrypt
     */
    public static Sealed seal(FileChannel plain, FileChannel out, String publishingLicense, byte[] contentKey,
            int chunkSize, int threads, LongConsumer progress) throws IOException {
        ContentKeys.checkKey(contentKey);
        return seal(plain, out, ProtectedFileHeader.create(publishingLicense, chunkSize), contentKey, threads,
                progress, BATCH_BYTES);
    }

    // With a given header (tests compare with the sequential writer) and batch size (tests make many batches).
    static Sealed seal(FileChannel plain, FileChannel out, ProtectedFileHeader header, byte[] contentKey, int threads,
            LongConsumer progress, int batchBytes) throws IOException {
        Objects.requireNonNull(plain, "plain");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(progress, "progress");
        checkThreads(threads);
        long inStart = plain.position();
        long size = Math.max(0, plain.size() - inStart);
        int chunkSize = header.chunkSize();
        long chunks = Math.max(1, (size + chunkSize - 1) / chunkSize);
        if (chunks > ChunkCrypto.MAX_CHUNKS) {
            throw new IOException("content too large for one protected file at this chunk size");
        }
        long outStart = out.position();
        byte[] encoded = header.encoded();
        writeFully(out, encoded, 0, encoded.length, outStart, "the protected file");
        SealLayout layout = new SealLayout(plain, out, header, contentKey, inStart, size, outStart + encoded.length,
                chunks, perBatch(chunkSize, batchBytes));
        ChunkRun.run(layout.batches(), threads, layout::worker, progress);
        if (plain.size() != inStart + size) {
            throw new IOException("the content changed size while it was being protected (" + size + " bytes, now "
                    + (plain.size() - inStart) + "); nothing was kept");
        }
        long written = encoded.length + size + ChunkCrypto.TAG_BYTES * chunks;
        plain.position(inStart + size);
        out.position(outStart + written);
        return new Sealed(header, size, written);
    }

    /**
     * Opens the chunks of {@code in}, from its position (just after {@code header}, as
     * {@link ProtectedFileReader#readHeader} leaves it) to its end, and writes the plaintext to {@code out} at its
     * position. Both positions end after what was read and written. {@code progress} gets each chunk's protected
     * bytes on the calling thread; throwing from it stops the work. Returns the plaintext bytes written.
     *
     * @throws ProtocolException the refusals of {@link ProtectedFileReader}, with the same reasons: the one of the
     *                           first chunk (in file order) that fails
     */
    public static long open(FileChannel in, ProtectedFileHeader header, byte[] contentKey, FileChannel out,
            int threads, LongConsumer progress) throws IOException {
        return open(in, header, contentKey, out, threads, progress, BATCH_BYTES);
    }

    static long open(FileChannel in, ProtectedFileHeader header, byte[] contentKey, FileChannel out, int threads,
            LongConsumer progress, int batchBytes) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(progress, "progress");
        ContentKeys.checkKey(contentKey);
        checkThreads(threads);
        long inStart = in.position();
        long length = Math.max(0, in.size() - inStart);
        if (length == 0) {
            throw new ProtocolException(Reason.TRUNCATED, "protected file ends before its first chunk");
        }
        int record = header.chunkSize() + ChunkCrypto.TAG_BYTES;
        long records = (length + record - 1) / record;
        if (records > ChunkCrypto.MAX_CHUNKS) {
            throw new ProtocolException(Reason.TAMPERED, "protected file has more chunks than the format allows");
        }
        long outStart = out.position();
        OpenLayout layout = new OpenLayout(in, out, header, contentKey, inStart, length, outStart, records,
                perBatch(header.chunkSize(), batchBytes));
        ChunkRun.run(layout.batches(), threads, layout::worker, progress);
        long lastRecord = length - (records - 1) * record;
        long plaintext = (records - 1) * header.chunkSize() + lastRecord - ChunkCrypto.TAG_BYTES;
        in.position(inStart + length);
        out.position(outStart + plaintext);
        return plaintext;
    }

    private static void checkThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS + ", got " + threads);
        }
    }

    private static int perBatch(int chunkSize, int batchBytes) {
        return Math.max(1, batchBytes / chunkSize);
    }

    /** Where each chunk of a file being sealed comes from and goes to. */
    private record SealLayout(FileChannel plain, FileChannel out, ProtectedFileHeader header, byte[] key,
            long inStart, long size, long chunksStart, long chunks, int perBatch) {

        long batches() {
            return (chunks + perBatch - 1) / perBatch;
        }

        ChunkRun.Worker worker() {
            int chunkSize = header.chunkSize();
            int chunksHere = (int) Math.min(perBatch, chunks);
            byte[] clear = new byte[chunksHere * chunkSize];
            byte[] sealed = new byte[chunksHere * (chunkSize + ChunkCrypto.TAG_BYTES)];
            ChunkCrypto crypto = new ChunkCrypto(key, header.prefixInternal(), header.hashInternal());
            return new ChunkRun.Worker() {
                @Override
                public void run(long batch, LongConsumer chunkDone) throws IOException {
                    long first = batch * perBatch;
                    long end = Math.min(first + perBatch, chunks);
                    long from = first * chunkSize;
                    int len = (int) Math.min(size - from, (end - first) * chunkSize);
                    readFully(plain, clear, len, inStart + from);
                    int o = 0;
                    for (long i = first; i < end; i++) {
                        int off = (int) (i - first) * chunkSize;
                        try {
                            o += crypto.seal(i, i == chunks - 1, clear, off, Math.min(chunkSize, len - off), sealed, o);
                        } catch (GeneralSecurityException e) {
                            throw new ProtocolException(Reason.CRYPTO_FAILURE,
                                    "cannot encrypt chunk " + i + ": " + e.getMessage(), e);
                        }
                    }
                    writeFully(out, sealed, 0, o, chunksStart + first * (chunkSize + ChunkCrypto.TAG_BYTES),
                            "the protected file");
                    for (long i = first; i < end; i++) {
                        chunkDone.accept(Math.min(chunkSize, size - i * chunkSize));
                    }
                }

                @Override
                public void close() {
                    Arrays.fill(clear, (byte) 0);
                }
            };
        }

        private void readFully(FileChannel ch, byte[] b, int len, long position) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, 0, len);
            while (buf.hasRemaining()) {
                int n;
                try {
                    n = ch.read(buf, position + buf.position());
                } catch (IOException e) {
                    throw new IOException("cannot read the content: " + e.getMessage(), e);
                }
                if (n < 0) {
                    throw new IOException("the content changed size while it was being protected (it ended after "
                            + (position + buf.position() - inStart) + " of " + size + " bytes); nothing was kept");
                }
            }
        }
    }

    /** Where each chunk of a file being opened comes from and goes to, and which one must be final. */
    private record OpenLayout(FileChannel in, FileChannel out, ProtectedFileHeader header, byte[] key, long inStart,
            long length, long outStart, long records, int perBatch) {

        long batches() {
            return (records + perBatch - 1) / perBatch;
        }

        ChunkRun.Worker worker() {
            int chunkSize = header.chunkSize();
            int record = chunkSize + ChunkCrypto.TAG_BYTES;
            int recordsHere = (int) Math.min(perBatch, records);
            byte[] sealed = new byte[recordsHere * record];
            byte[] clear = new byte[recordsHere * chunkSize];
            ChunkCrypto crypto = new ChunkCrypto(key, header.prefixInternal(), header.hashInternal());
            return new ChunkRun.Worker() {
                @Override
                public void run(long batch, LongConsumer chunkDone) throws IOException {
                    long first = batch * perBatch;
                    long end = Math.min(first + perBatch, records);
                    long from = first * record;
                    int len = (int) Math.min(length - from, (end - first) * record);
                    readRecords(sealed, len, from, first);
                    int p = 0;
                    int o = 0;
                    for (long i = first; i < end; i++) {
                        int n = Math.min(record, len - p);
                        o += openChunk(crypto, i, i == records - 1, sealed, p, n, clear, o);
                        p += n;
                    }
                    writeFully(out, clear, 0, o, outStart + first * chunkSize, "the plaintext");
                    for (long i = first; i < end; i++) {
                        chunkDone.accept(Math.min(record, length - i * record));
                    }
                }

                @Override
                public void close() {
                    Arrays.fill(clear, (byte) 0);
                }
            };
        }

        private void readRecords(byte[] b, int len, long from, long firstIndex) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, 0, len);
            while (buf.hasRemaining()) {
                int n;
                try {
                    n = in.read(buf, inStart + from + buf.position());
                } catch (IOException e) {
                    throw new IOException("cannot read the protected file: " + e.getMessage(), e);
                }
                if (n < 0) {
                    // the file shrank after it was measured: what is gone is gone, as for a stream that ends early
                    long index = firstIndex + buf.position() / (header.chunkSize() + ChunkCrypto.TAG_BYTES);
                    throw new ProtocolException(Reason.TRUNCATED, "protected file ends inside chunk " + index);
                }
            }
        }
    }

    /**
     * Opens chunk {@code index} of {@code n} sealed bytes; {@code last} when no data follows it. The reasons and
     * messages are those of {@link ProtectedFileReader}, which meets the same situations one chunk at a time.
     */
    static int openChunk(ChunkCrypto crypto, long index, boolean last, byte[] in, int inOff, int n, byte[] out,
            int outOff) throws ProtocolException {
        if (n < ChunkCrypto.TAG_BYTES) {
            throw new ProtocolException(Reason.TRUNCATED,
                    "protected file ends inside chunk " + index + " (no room for its tag)");
        }
        if (tryOpen(crypto, index, last, in, inOff, n, out, outOff)) {
            return n - ChunkCrypto.TAG_BYTES;
        }
        // Retrying with the other flag only picks the message; the chunk is refused either way.
        if (tryOpen(crypto, index, !last, in, inOff, n, out, outOff)) {
            Arrays.fill(out, outOff, outOff + n - ChunkCrypto.TAG_BYTES, (byte) 0);
            if (last) {
                throw new ProtocolException(Reason.TRUNCATED,
                        "protected file ends after chunk " + index + ", which is not the final chunk");
            }
            throw new ProtocolException(Reason.TAMPERED, "data follows the final chunk " + index);
        }
        throw new ProtocolException(Reason.TAMPERED, "chunk " + index
                + " does not authenticate (altered, moved, from another file, or the file was cut inside it)");
    }

    private static boolean tryOpen(ChunkCrypto crypto, long index, boolean last, byte[] in, int inOff, int n,
            byte[] out, int outOff) throws ProtocolException {
        try {
            crypto.open(index, last, in, inOff, n, out, outOff);
            return true;
        } catch (AEADBadTagException e) {
            Arrays.fill(out, outOff, outOff + n - ChunkCrypto.TAG_BYTES, (byte) 0);
            return false;
        } catch (GeneralSecurityException e) {
            throw new ProtocolException(Reason.CRYPTO_FAILURE, "cannot decrypt chunk " + index + ": " + e.getMessage(),
                    e);
        }
    }

    private static void writeFully(FileChannel ch, byte[] b, int off, int len, long position, String what)
            throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        try {
            while (buf.hasRemaining()) {
                ch.write(buf, position + buf.position() - off);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + what + ": " + e.getMessage(), e);
        }
    }
}
