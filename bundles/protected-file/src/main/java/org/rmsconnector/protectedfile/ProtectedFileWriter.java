package org.rmsconnector.protectedfile;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.rmsconnector.protectedfile.internal.ChunkCrypto;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;

/**
 * Writes a protected file: the header, then the content as AES-256-GCM chunks, the last one
 * flagged final. Memory use is one chunk whatever the content size. Not thread-safe.
 *
 * <p>A full chunk is held back until more data arrives or the stream is closed, because
 * only then is it known whether it is the final one. {@link #flush()} therefore cannot push
 * out a partial chunk; {@link #finish()} or {@link #close()} completes the file, and a file
 * that was never finished is refused by the reader as truncated.
 */
public final class ProtectedFileWriter extends OutputStream {

    private final OutputStream out;
    private final ProtectedFileHeader header;
    private final ChunkCrypto crypto;
    private final byte[] plain;
    private final byte[] sealed;
    private int filled;
    private long index;
    private boolean finished;
    private boolean broken;

    /** Starts a protected file with the default chunk size; writes the header at once. */
    public ProtectedFileWriter(OutputStream out, String publishingLicense, byte[] contentKey) throws IOException {
        this(out, publishingLicense, contentKey, ProtectedFileHeader.DEFAULT_CHUNK_SIZE);
    }

    /** Starts a protected file with {@code chunkSize} plaintext bytes per chunk; writes the header at once. */
    public ProtectedFileWriter(OutputStream out, String publishingLicense, byte[] contentKey, int chunkSize)
            throws IOException {
        this(out, checked(contentKey), ProtectedFileHeader.create(publishingLicense, chunkSize));
    }

    // With a given header: tests compare this writer with ProtectedFileChannels on identical headers.
    ProtectedFileWriter(OutputStream out, byte[] contentKey, ProtectedFileHeader header) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        ContentKeys.checkKey(contentKey);
        this.header = header;
        int chunkSize = header.chunkSize();
        this.crypto = new ChunkCrypto(contentKey, header.prefixInternal(), header.hashInternal());
        this.plain = new byte[chunkSize];
        this.sealed = new byte[chunkSize + ChunkCrypto.TAG_BYTES];
        out.write(header.encoded());
    }

    private static byte[] checked(byte[] contentKey) {
        ContentKeys.checkKey(contentKey); // before a header (and its random prefix) is made
        return contentKey;
    }

    /** The header written. */
    public ProtectedFileHeader header() {
        return header;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (filled == plain.length) {
            emit(false);
        }
        plain[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (filled == plain.length) {
                emit(false);
            }
            int n = Math.min(len, plain.length - filled);
            System.arraycopy(b, off, plain, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Flushes the underlying stream; the pending chunk stays pending (see the class comment). */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes the final chunk and flushes, without closing the underlying stream. Idempotent. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        ensureOpen();
        emit(true);
        finished = true;
        Arrays.fill(plain, (byte) 0);
        out.flush();
    }

    /** Finishes the file and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            if (!broken) {
                finish();
            }
        } finally {
            out.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("protected file already finished");
        }
        if (broken) {
            throw new IOException("protected file writer failed earlier; the output is incomplete");
        }
    }

    private void emit(boolean last) throws IOException {
        if (index >= ChunkCrypto.MAX_CHUNKS) {
            broken = true;
            throw new IOException("content too large for one protected file at this chunk size");
        }
        try {
            int n = crypto.seal(index, last, plain, filled, sealed);
            out.write(sealed, 0, n);
        } catch (GeneralSecurityException e) {
            broken = true;
            throw new ProtocolException(Reason.CRYPTO_FAILURE, "cannot encrypt chunk " + index + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
        index++;
        filled = 0;
    }
}
