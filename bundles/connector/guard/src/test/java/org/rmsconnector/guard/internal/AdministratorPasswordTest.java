package org.rmsconnector.guard.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class AdministratorPasswordTest {

    @Test
    void plainPasswords() {
        assertTrue(AdministratorPassword.matches("s3cret-Ünïcode", "s3cret-Ünïcode"));
        assertFalse(AdministratorPassword.matches("s3cret", "s3cret "));
        assertFalse(AdministratorPassword.matches("s3cret", ""));
        assertFalse(AdministratorPassword.matches(null, "x"));
    }

    @Test
    void theWebConsolesHashedForms() throws Exception {
        // the unsalted form older consoles wrote: {sha-256}base64(sha256(password))
        String unsalted = "{sha-256}" + b64(sha256("admin-pw".getBytes(StandardCharsets.UTF_8)));
        assertTrue(AdministratorPassword.matches(unsalted, "admin-pw"));
        assertFalse(AdministratorPassword.matches(unsalted, "admin-pX"));
        // salted, 1000 iterations: {sha-256}salt-1000-base64(sha256^1000(salt + password))
        byte[] h = ("0a1b2c3d4e5f6071" + "pässword").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1000; i++) {
            h = sha256(h);
        }
        String salted = "{sha-256}0a1b2c3d4e5f6071-1000-" + b64(h);
        assertTrue(AdministratorPassword.matches(salted, "pässword"));
        assertFalse(AdministratorPassword.matches(salted, "password"));
        assertFalse(AdministratorPassword.matches("{sha-256}0a1b-x-" + b64(h), "pässword"), "bad iteration count");
        assertFalse(AdministratorPassword.matches("{no-such-algo}abc", "abc"));
        assertFalse(AdministratorPassword.matches(unsalted, unsalted), "the hash itself is not the password");
    }

    private static byte[] sha256(byte[] in) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(in);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
