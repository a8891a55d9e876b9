package org.rmsconnector.commons.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.UUID;

/**
 * Files and directories only their owner can read. On POSIX file systems the permissions are given at creation, so
 * there is no moment at which a key file is readable by others; elsewhere (Windows) the ACL is narrowed to the owner
 * right after creation.
 */
public final class PrivateFiles {
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
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectories(dir);
            restrictAcl(dir);
        }
    }

    /** A new, empty, owner-only temporary file in {@code dir}. */
    public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        if (posix(dir)) {
            return Files.createTempFile(dir, prefix, suffix, ownerOnly());
        }
        Path p = Files.createTempFile(dir, prefix, suffix);
        restrictAcl(p);
        return p;
    }

    /** A new, empty, owner-only file; fails if it exists. */
    public static Path createFile(Path file) throws IOException {
        if (posix(file)) {
            return Files.createFile(file, ownerOnly());
        }
        Path p = Files.createFile(file);
        restrictAcl(p);
        return p;
    }

    /**
     * Writes {@code bytes} to {@code target} atomically, owner-only, replacing what was there: a temporary file beside
     * it (owner-only from its creation), flushed to disk, then renamed over the target in one step. The directory is
     * created owner-only when missing.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            createFile(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The permissions of {@code file} that let someone other than its owner in, as text ({@code rw-r--r--}), or null
     * when it is private (or the file system cannot say).
     */
    public static String tooOpen(Path file) throws IOException {
        if (!posix(file)) {
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

    /** Whether users other than its owner may read {@code file} (for a warning, never a refusal). */
    public static boolean readableByOthers(Path file) {
        try {
            if (!posix(file)) {
                return false;
            }
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
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
