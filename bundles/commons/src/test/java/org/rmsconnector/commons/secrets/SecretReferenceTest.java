package org.rmsconnector.commons.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferenceTest {
    @TempDir
    Path dir;

    @Test
    void aReferenceReadsTheFileWithoutItsLineEndAndAnythingElseIsThePassword() throws Exception {
        Files.writeString(dir.resolve("tls-password"), "s3cret \n");
        assertEquals("s3cret ", SecretReference.resolve("secret:tls-password", dir.toString(), "x"));
        assertEquals("plain", SecretReference.resolve("plain", null, "x"));
        assertNull(SecretReference.resolve(null, null, "x"));
    }

    @Test
    void aMissingOrEscapingSecretIsAClearError() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SecretReference.resolve("secret:nope", dir.toString(), "pid .password"));
        assertTrue(missing.getMessage().startsWith("pid .password: secret nope not found"), missing.getMessage());
        IllegalArgumentException escaping = assertThrows(IllegalArgumentException.class,
                () -> SecretReference.resolve("secret:../etc/passwd", dir.toString(), "pid .password"));
        assertTrue(escaping.getMessage().contains("no secret reference"), escaping.getMessage());
        IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class,
                () -> SecretReference.resolve("secret:a", null, "pid .password"));
        assertTrue(noDir.getMessage().contains("no secrets folder"), noDir.getMessage());
    }
}
