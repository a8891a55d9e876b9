package org.rmsconnector.guard.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks a password against the Web Console's setting, which is either plain text or hashed as the console
 * writes it: {@code {algorithm}base64(hash)}, {@code {algorithm}salt-base64(hash)} or
 * {@code {algorithm}salt-iterations-base64(hash)}, where the hash is the digest of salt + password (UTF-8), applied
 * {@code iterations} times. Comparisons take the same time wherever the first difference is.
 */
final class AdministratorPassword {
    private AdministratorPassword() {
    }

    static boolean matches(String configured, String given) {
        if (configured == null || given == null) {
            return false;
        }
        int end = configured.startsWith("{") ? configured.indexOf('}') : -1;
        if (end <= 0) {
            return equal(configured, given);
        }
        String algorithm = configured.substring(1, end);
        String encoded = configured.substring(end + 1);
        String[] parts = encoded.split("-", -1);
        String salt = parts.length >= 2 ? parts[0] : "";
        int iterations = 1;
        if (parts.length >= 3) {
            try {
                iterations = Math.max(1, Integer.parseInt(parts[1]));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String expectedHash = parts[parts.length - 1];
        byte[] bytes = (salt + given).getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (int i = 0; i < iterations; i++) {
                digest.reset();
                bytes = digest.digest(bytes);
            }
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
        return equal(expectedHash, Base64.getEncoder().encodeToString(bytes));
    }

    /** Equal texts, compared through their SHA-256 so neither the length nor the first difference shows in the time. */
    static boolean equal(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] ha = sha.digest(a.getBytes(StandardCharsets.UTF_8));
            byte[] hb = sha.digest(b.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(ha, hb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
