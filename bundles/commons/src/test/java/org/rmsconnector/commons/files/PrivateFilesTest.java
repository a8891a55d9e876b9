package org.rmsconnector.commons.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeReplacesAtomicallyOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path target = dir.resolve("keys/credentials.json");
        PrivateFiles.write(target, new byte[] {1, 2});
        PrivateFiles.write(target, new byte[] {3});
        assertArrayEquals(new byte[] {3}, Files.readAllBytes(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.getParent())));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count());
        }
        assertNull(PrivateFiles.tooOpen(target));
        assertFalse(PrivateFiles.readableByOthers(target));
    }

    @Test
    void aFileOthersMayReadIsReported() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path open = Files.createFile(dir.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("rw-r--r--", PrivateFiles.tooOpen(open));
        assertTrue(PrivateFiles.readableByOthers(open));
        Path created = PrivateFiles.createFile(dir.resolve("new"));
        assertNull(PrivateFiles.tooOpen(created));
    }
}
