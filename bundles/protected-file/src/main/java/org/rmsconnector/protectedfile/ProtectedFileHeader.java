package org.rmsconnector.protectedfile;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.rmsconnector.protectedfile.internal.ChunkCrypto;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Reason;

/**
 * The clear header of a protected file: magic, format version, chunk size, the publishing
 * license and the per-file nonce prefix. Readable without any key, so tools can show who
 * owns a file and ask for a license before decrypting.
 */
public final class ProtectedFileHeader {

    /** File signature, ASCII {@code RMSPF}. */
    public static final byte[] MAGIC = {'R', 'M', 'S', 'P', 'F'};
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Default plaintext bytes per chunk: 64 KiB. */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** Smallest chunk size accepted: 1 KiB. */
    public static final int MIN_CHUNK_SIZE = 1024;
    /** Largest chunk size accepted: 4 MiB (bounds the reader's memory). */
    public static final int MAX_CHUNK_SIZE = 4 * 1024 * 1024;
    /** Largest publishing license accepted in a header: 1 MiB. */
    public static final int MAX_LICENSE_BYTES = 1024 * 1024;

    private final int chunkSize;
    private final String publishingLicense;
    private final byte[] noncePrefix;
    private final byte[] encoded;
    private final byte[] hash;

    private ProtectedFileHeader(int chunkSize, String publishingLicense, byte[] noncePrefix, byte[] encoded) {
        this.chunkSize = chunkSize;
        this.publishingLicense = publishingLicense;
        this.noncePrefix = noncePrefix;
        this.encoded = encoded;
        this.hash = sha256(encoded);
    }

    static ProtectedFileHeader create(String publishingLicense, int chunkSize) {
        return create(publishingLicense, chunkSize, Keys.randomBytes(ChunkCrypto.NONCE_PREFIX_BYTES));
    }

    // A given nonce prefix: for tests only, which compare writers on identical headers. Never reuse a prefix.
    static ProtectedFileHeader create(String publishingLicense, int chunkSize, byte[] prefix) {
        checkChunkSize(chunkSize);
        if (!PublishingLicense.isCompactJws(publishingLicense)) {
            throw new IllegalArgumentException("publishingLicense must be a compact JWS");
        }
        byte[] lic = publishingLicense.getBytes(StandardCharsets.UTF_8);
        if (lic.length > MAX_LICENSE_BYTES) {
            throw new IllegalArgumentException("publishing license larger than " + MAX_LICENSE_BYTES + " bytes");
        }
        if (prefix.length != ChunkCrypto.NONCE_PREFIX_BYTES) {
            throw new IllegalArgumentException("nonce prefix must be " + ChunkCrypto.NONCE_PREFIX_BYTES + " bytes");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(MAGIC.length + 17 + lic.length);
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.write(MAGIC);
            d.writeByte(FORMAT_VERSION);
            d.writeInt(chunkSize);
            d.writeInt(lic.length);
            d.write(lic);
            d.write(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ProtectedFileHeader(chunkSize, publishingLicense, prefix.clone(), bytes.toByteArray());
    }

    static void checkChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException(
                    "chunk size must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE + ", got " + chunkSize);
        }
    }

    /**
     * Reads exactly the header from {@code in}, leaving it at the first chunk. Refuses a bad
     * magic or license ({@link Reason#MALFORMED}), another version
     * ({@link Reason#UNSUPPORTED_VERSION}) and a short stream ({@link Reason#TRUNCATED}).
     */
    public static ProtectedFileHeader read(InputStream in) throws IOException {
        byte[] magic = readExactly(in, MAGIC.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ProtocolException(Reason.MALFORMED, "not a protected file (bad magic)");
        }
        int version = readExactly(in, 1, "format version")[0] & 0xff;
        if (version != FORMAT_VERSION) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION,
                    "protected file format version " + version + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        byte[] cs = readExactly(in, 4, "chunk size");
        int chunkSize = ByteBuffer.wrap(cs).getInt();
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new ProtocolException(Reason.MALFORMED, "protected file: chunk size " + chunkSize + " out of range");
        }
        byte[] ll = readExactly(in, 4, "license length");
        int licLength = ByteBuffer.wrap(ll).getInt();
        if (licLength <= 0 || licLength > MAX_LICENSE_BYTES) {
            throw new ProtocolException(Reason.MALFORMED, "protected file: license length " + licLength + " out of range");
        }
        byte[] lic = readExactly(in, licLength, "publishing license");
        String license;
        try {
            license = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(lic)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Reason.MALFORMED, "protected file: license is not UTF-8", e);
        }
        if (!PublishingLicense.isCompactJws(license)) {
            throw new ProtocolException(Reason.MALFORMED, "protected file: license is not a compact JWS");
        }
        byte[] prefix = readExactly(in, ChunkCrypto.NONCE_PREFIX_BYTES, "nonce prefix");
        ByteBuffer all = ByteBuffer.allocate(MAGIC.length + 1 + 4 + 4 + lic.length + prefix.length);
        all.put(magic).put((byte) version).put(cs).put(ll).put(lic).put(prefix);
        return new ProtectedFileHeader(chunkSize, license, prefix, all.array());
    }

    private static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new ProtocolException(Reason.TRUNCATED, "protected file ends inside the header (" + what + ")");
        }
        return b;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Format version (always {@value #FORMAT_VERSION} here). */
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    /** Plaintext bytes per chunk. */
    public int chunkSize() {
        return chunkSize;
    }

    /** The publishing license, compact JWS (not verified here). */
    public String publishingLicense() {
        return publishingLicense;
    }

    /** The per-file random nonce prefix (a copy). */
    public byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    /** SHA-256 of the encoded header, bound into every chunk's AAD (a copy). */
    public byte[] headerHash() {
        return hash.clone();
    }

    /** Length of the encoded header in bytes: where the first chunk starts. */
    public int length() {
        return encoded.length;
    }

    byte[] encoded() {
        return encoded.clone();
    }

    byte[] hashInternal() {
        return hash;
    }

    byte[] prefixInternal() {
        return noncePrefix;
    }

    @Override
    public String toString() {
        return "ProtectedFileHeader[v" + FORMAT_VERSION + ", chunk=" + chunkSize + ", license=" + encoded.length + "B]";
    }
}
