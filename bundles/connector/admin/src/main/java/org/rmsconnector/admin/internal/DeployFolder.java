package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.rmsconnector.api.admin.AdminException;

/**
 * Installs adapter jars into the folder FileInstall watches. The jar is written next to the folder (its parent, so the
 * same file system) and checked there; then the other jars of the same bundle are removed and the new one is moved
 * in atomically, so FileInstall never sees half a file and a jar of the same name is an update of the bundle.
 */
final class DeployFolder {
    private final Path folder;

    DeployFolder(Path folder) {
        this.folder = folder;
    }

    /** @return the jars removed because they held the same bundle */
    synchronized List<Path> install(String fileName, InputStream upload, long maxBytes, Set<String> allowed)
            throws AdminException, IOException {
        AdapterJar.checkFileName(fileName);
        if (!Files.isDirectory(folder)) {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "the deploy folder " + folder
                    + " does not exist; create it or set deploy.dir in etc/" + AdminConfiguration.PID + ".cfg");
        }
        Path staging = folder.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(staging, ".rms-upload-", ".jar.part");
        try {
            copy(upload, temp, maxBytes);
            String name = AdapterJar.check(temp, allowed);
            Path target = folder.resolve(fileName);
            List<Path> removed = new ArrayList<>();
            for (Path other : jars()) {
                if (!other.getFileName().toString().equals(fileName) && name.equals(AdapterJar.symbolicName(other))) {
                    Files.delete(other);
                    removed.add(other);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return removed;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private List<Path> jars() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path p : all) {
                if (Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        }
        return jars;
    }

    private static void copy(InputStream in, Path temp, long maxBytes) throws IOException, AdminException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(temp)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new AdminException(AdminException.Reason.INVALID, "the jar is larger than " + maxBytes
                            + " bytes; raise adapter.max.size.mb in etc/" + AdminConfiguration.PID + ".cfg if it"
                            + " really is that large");
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw new AdminException(AdminException.Reason.INVALID, "the upload is empty; send the jar as the body");
        }
    }
}
