package org.rmsconnector.protectedfile;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.rmsconnector.protectedfile.internal.ChunkCrypto;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;

/**
 * Reads a protected file, returning plaintext only from chunks that have authenticated.
 * Memory use is one chunk whatever the content size. Not thread-safe.
 *
 * <p>Every failure is a {@link ProtocolException} (an {@code IOException}): a chunk that does
 * not authenticate, was moved, duplicated or belongs to another file is
 * {@link Reason#TAMPERED}; a stream that ends without a chunk flagged final is
 * {@link Reason#TRUNCATED}; bytes after the final chunk are {@link Reason#TAMPERED}. Once
 * failed, every later read fails the same way.
 *
 * <p><b>Streaming caveat:</b> plaintext of chunks that authenticated is returned before later
 * chunks are checked. A consumer that needs all-or-nothing must write to a temporary file
 * and move it into place only after this stream reached end-of-file without an exception.
 */
public final class ProtectedFileReader extends InputStream {

    private final InputStream in;
    private final ProtectedFileHeader header;
    private final ChunkCrypto crypto;
    private final byte[] record;
    private final byte[] plain;
    private int pos;
    private int limit;
    private long index;
    private int lookahead = -1;
    private boolean finalSeen;
    private ProtocolException failure;

    /** Reads only the header from {@code in} (no key needed), leaving {@code in} at the first chunk. */
    public static ProtectedFileHeader readHeader(InputStream in) throws IOException {
        return ProtectedFileHeader.read(in);
    }

    /** Reads the header from {@code in}, then decrypts with {@code contentKey}. */
    public ProtectedFileReader(InputStream in, byte[] contentKey) throws IOException {
        this(in, ProtectedFileHeader.read(in), contentKey);
    }

    /** Continues after {@code header}, which was read from {@code in} with {@link #readHeader(InputStream)}. */
    public ProtectedFileReader(InputStream in, ProtectedFileHeader header, byte[] contentKey) {
        this.in = Objects.requireNonNull(in, "in");
        this.header = Objects.requireNonNull(header, "header");
        ContentKeys.checkKey(contentKey);
        this.crypto = new ChunkCrypto(contentKey, header.prefixInternal(), header.hashInternal());
        this.record = new byte[header.chunkSize() + ChunkCrypto.TAG_BYTES];
        this.plain = new byte[header.chunkSize()];
    }

    /** The file's header. */
    public ProtectedFileHeader header() {
        return header;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return plain[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Plaintext bytes already authenticated and buffered. */
    @Override
    public int available() {
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(plain, (byte) 0);
        pos = limit = 0;
        in.close();
    }

    // True when plaintext is available; false at a verified end of file.
    private boolean fill() throws IOException {
        while (pos == limit) {
            if (failure != null) {
                throw failure;
            }
            if (finalSeen) {
                return false;
            }
            try {
                nextChunk();
            } catch (ProtocolException e) {
                failure = e;
                throw e;
            }
        }
        return true;
    }

    private void nextChunk() throws IOException {
        int n = 0;
        if (lookahead >= 0) {
            record[0] = (byte) lookahead;
            lookahead = -1;
            n = 1;
        }
        n += in.readNBytes(record, n, record.length - n);
        boolean atEnd;
        if (n < record.length) {
            atEnd = true;
        } else {
            // A full record may or may not be the last: one byte of look-ahead tells which.
            int b = in.read();
            atEnd = b < 0;
            lookahead = b;
        }
        if (n < ChunkCrypto.TAG_BYTES) {
            String where = n > 0 ? "inside chunk " + index + " (no room for its tag)"
                    : index == 0 ? "before its first chunk" : "after chunk " + (index - 1) + ", which is not final";
            throw new ProtocolException(Reason.TRUNCATED, "protected file ends " + where);
        }
        if (index >= ChunkCrypto.MAX_CHUNKS) {
            throw new ProtocolException(Reason.TAMPERED, "protected file has more chunks than the format allows");
        }
        if (tryOpen(atEnd, n)) {
            finalSeen = atEnd;
            index++;
            return;
        }
        // Retrying with the other flag only picks the message; the chunk is refused either way.
        if (tryOpen(!atEnd, n)) {
            limit = pos = 0;
            Arrays.fill(plain, (byte) 0);
            if (atEnd) {
                throw new ProtocolException(Reason.TRUNCATED,
                        "protected file ends after chunk " + index + ", which is not the final chunk");
            }
            throw new ProtocolException(Reason.TAMPERED, "data follows the final chunk " + index);
        }
        throw new ProtocolException(Reason.TAMPERED, "chunk " + index
                + " does not authenticate (altered, moved, from another file, or the file was cut inside it)");
    }

    private boolean tryOpen(boolean last, int n) throws ProtocolException {
        try {
            limit = crypto.open(index, last, record, n, plain);
            pos = 0;
            return true;
        } catch (javax.crypto.AEADBadTagException e) {
            limit = pos = 0;
            Arrays.fill(plain, (byte) 0);
            return false;
        } catch (GeneralSecurityException e) {
            limit = pos = 0;
            throw new ProtocolException(Reason.CRYPTO_FAILURE, "cannot decrypt chunk " + index + ": " + e.getMessage(), e);
        }
    }
}
