package org.rmsconnector.cloud.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stored password hash: everything needed to verify a password, nothing that reveals it.
 *
 * @param algorithm  the key-derivation function, e.g. {@code PBKDF2WithHmacSHA256}
 * @param iterations its work factor
 * @param salt       per-user random salt
 * @param hash       the derived key
 */
public record PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {

    /** Copies the arrays. */
    public PasswordHash {
        Objects.requireNonNull(algorithm, "algorithm");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && algorithm.equals(p.algorithm) && iterations == p.iterations
                && Arrays.equals(salt, p.salt) && Arrays.equals(hash, p.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, iterations, Arrays.hashCode(salt), Arrays.hashCode(hash));
    }

    @Override
    public String toString() {
        return "PasswordHash[" + algorithm + ", " + iterations + " iterations]"; // never the bytes
    }
}
