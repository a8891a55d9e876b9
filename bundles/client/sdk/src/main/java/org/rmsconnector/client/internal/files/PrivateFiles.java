package org.rmsconnector.client.internal.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files and directories only their owner can read. On POSIX file systems the permissions are
 * given at creation, so there is no moment at which a key file is readable by others; on
 * Windows the ACL is narrowed to the owner right after creation.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates {@code dir} (and missing parents) owner-only when it does not exist yet. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectories(dir);
            restrictAcl(dir);
        }
    }

    /** A new, empty, owner-only temporary file in {@code dir}. */
    public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        if (POSIX) {
            return Files.createTempFile(dir, prefix, suffix, attributes());
        }
        Path p = Files.createTempFile(dir, prefix, suffix);
        restrictAcl(p);
        return p;
    }

    /** A new, empty, owner-only file; fails if it exists. */
    public static Path createFile(Path file) throws IOException {
        if (POSIX) {
            return Files.createFile(file, attributes());
        }
        Path p = Files.createFile(file);
        restrictAcl(p);
        return p;
    }

    /**
     * The permissions of {@code file} that let someone other than its owner in, as text
     * ({@code rw-r--r--}), or null when it is private (or the file system cannot say).
     */
    public static String tooOpen(Path file) throws IOException {
        if (!POSIX) {
            return null;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (NOT_OWNER.contains(p)) {
                return PosixFilePermissions.toString(perms);
            }
        }
        return null;
    }

    private static FileAttribute<Set<PosixFilePermission>> attributes() {
        return PosixFilePermissions.asFileAttribute(OWNER_FILE);
    }

    private static void restrictAcl(Path p) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(p, AclFileAttributeView.class);
        if (view == null) {
            return;
        }
        UserPrincipal owner = Files.getOwner(p);
        AclEntry entry = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();
        view.setAcl(List.of(entry));
    }
}
