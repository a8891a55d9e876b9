package org.rmsconnector.simulators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rmsconnector.client.RmsClientException;

/** Output names the simulators derive from their inputs. */
final class Names {

    private Names() {
    }

    /**
     * {@code name} with {@code infix} before its extension, so the result still opens with the same application:
     * {@code mail.eml} + {@code decrypted} → {@code mail.decrypted.eml}; without an extension it is appended.
     */
    static String withInfix(Path file, String infix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String safe = infix.replaceAll("[^A-Za-z0-9@._+-]", "_");
        return dot > 0 ? name.substring(0, dot) + "." + safe + name.substring(dot) : name + "." + safe;
    }

    /** The folder {@code file} is in, also for a bare file name. */
    static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath();
    }

    /** {@code dir}, created (with its parents) when it does not exist yet. */
    static Path outputFolder(Path dir) throws RmsClientException {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot create the output folder " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}
