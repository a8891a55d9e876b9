package org.rmsconnector.protectedfile.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-chunk AES-256-GCM of the protected-file format. The nonce is the file's random 8-byte
 * prefix followed by the 32-bit chunk index, so no nonce repeats within a file and a fresh
 * prefix per file keeps files apart; the AAD binds the header hash, the index and the
 * final flag, so chunks cannot be moved, swapped between files, dropped or appended.
 */
public final class ChunkCrypto {

    /** GCM tag length in bytes. */
    public static final int TAG_BYTES = 16;
    /** Random per-file nonce prefix length. */
    public static final int NONCE_PREFIX_BYTES = 8;
    /** Chunk indices are 32-bit unsigned: at most this many chunks per file. */
    public static final long MAX_CHUNKS = 1L << 32;

    private final SecretKeySpec key;
    private final byte[] noncePrefix;
    private final byte[] headerHash;
    private final Cipher cipher;

    /** A chunk cipher for one file. */
    public ChunkCrypto(byte[] contentKey, byte[] noncePrefix, byte[] headerHash) {
        this.key = new SecretKeySpec(contentKey, "AES");
        this.noncePrefix = noncePrefix.clone();
        this.headerHash = headerHash.clone();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM", e);
        }
    }

    /** The 12-byte nonce of chunk {@code index}. */
    public static byte[] nonce(byte[] noncePrefix, long index) {
        checkIndex(index);
        return ByteBuffer.allocate(12).put(noncePrefix).putInt((int) index).array();
    }

    /** The 37-byte AAD of chunk {@code index}: header hash, index (uint32 BE), final flag (0 or 1). */
    public static byte[] aad(byte[] headerHash, long index, boolean last) {
        checkIndex(index);
        return ByteBuffer.allocate(headerHash.length + 5).put(headerHash).putInt((int) index).put((byte) (last ? 1 : 0))
                .array();
    }

    private static void checkIndex(long index) {
        if (index < 0 || index >= MAX_CHUNKS) {
            throw new IllegalStateException("chunk index " + index + " out of range");
        }
    }

    /** Seals {@code len} plaintext bytes into {@code out} (ciphertext then tag); returns bytes written. */
    public int seal(long index, boolean last, byte[] in, int len, byte[] out) throws GeneralSecurityException {
        return seal(index, last, in, 0, len, out, 0);
    }

    /** Seals {@code len} plaintext bytes at {@code in[inOff]} into {@code out[outOff]}; returns bytes written. */
    public int seal(long index, boolean last, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        // GCM needs a fresh init per chunk (new nonce, new AAD); the Cipher object itself is reused.
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(noncePrefix, index)));
        cipher.updateAAD(aad(headerHash, index, last));
        return cipher.doFinal(in, inOff, len, out, outOff);
    }

    /**
     * Opens a sealed chunk into {@code out}; returns the plaintext length. Throws if it does
     * not authenticate; JCE GCM releases no plaintext before the tag has been checked.
     */
    public int open(long index, boolean last, byte[] in, int len, byte[] out) throws GeneralSecurityException {
        return open(index, last, in, 0, len, out, 0);
    }

    /** Opens the sealed chunk of {@code len} bytes at {@code in[inOff]} into {@code out[outOff]}; see above. */
    public int open(long index, boolean last, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(noncePrefix, index)));
        cipher.updateAAD(aad(headerHash, index, last));
        return cipher.doFinal(in, inOff, len, out, outOff);
    }
}
