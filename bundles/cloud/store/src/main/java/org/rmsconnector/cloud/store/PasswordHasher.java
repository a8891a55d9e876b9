package org.rmsconnector.cloud.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and verifies passwords with PBKDF2-HMAC-SHA256, a per-user random 16-byte salt and at least
 * {@link #MIN_ITERATIONS} iterations (OWASP's 2023 floor is 600 000 for this KDF; 210 000 is the floor this
 * project set, and the work factor is stored with each hash so it can be raised without a migration).
 * Verification compares in constant time.
 */
public final class PasswordHasher {

    /** The key-derivation function, as stored in {@code user_credential.algorithm}. */
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** The fewest iterations this class hashes with. */
    public static final int MIN_ITERATIONS = 210_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    // verified against when a user has no password, so "no such user" costs as much as "wrong password"
    private static final PasswordHash DUMMY = new PasswordHasher(MIN_ITERATIONS).hash("dummy".toCharArray());

    private final int iterations;

    /** Hashes with {@link #MIN_ITERATIONS}. */
    public PasswordHasher() {
        this(MIN_ITERATIONS);
    }

    /** @param iterations at least {@link #MIN_ITERATIONS} */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 needs at least " + MIN_ITERATIONS + " iterations, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** A new hash of {@code password} with a fresh salt. */
    public PasswordHash hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(ALGORITHM, iterations, salt, derive(password, salt, iterations));
    }

    /** Whether {@code password} matches {@code stored}, compared in constant time. */
    public static boolean verify(PasswordHash stored, char[] password) {
        if (!ALGORITHM.equals(stored.algorithm())) {
            throw new IllegalStateException("unsupported password hash algorithm " + stored.algorithm());
        }
        byte[] expected = stored.hash();
        byte[] actual = derive(password, stored.salt(), stored.iterations());
        try {
            return MessageDigest.isEqual(expected, actual);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    /** Burns the time a verification takes, for a user without a password: no timing oracle on who exists. */
    public static void verifyNothing(char[] password) {
        verify(DUMMY, password);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 platform has " + ALGORITHM, e);
        } finally {
            ((PBEKeySpec) spec).clearPassword();
        }
    }
}
