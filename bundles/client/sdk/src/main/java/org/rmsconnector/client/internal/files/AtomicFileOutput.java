package org.rmsconnector.client.internal.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.commons.files.PrivateFiles;

/**
 * Writes a file all-or-nothing: the content goes to an owner-only temporary file beside the
 * target, is forced to disk, and only then takes the target's name. On any failure (including
 * an unchecked exception or an Error from the writer) the temporary file is deleted, and a
 * JVM shutdown (Ctrl-C) deletes those still being written.
 *
 * <p>Without overwrite, the final step is a hard link, which the file system refuses
 * atomically when the target exists; a plain rename would silently replace a file created
 * meanwhile. File systems without hard links fall back to a rename after a check.
 *
 * <p>Public for the workload simulators, which write what they decrypt the same way; the package is not exported.
 */
public final class AtomicFileOutput {

    /** Names of temporary files start with this, so a crash's leftovers are recognizable. */
    static final String TEMP_SUFFIX = ".rms-partial";

    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    /**
     * What writes the content. An {@link IOException} it throws fails the write like one of the file's own.
     *
     * @param <T> what it returns
     */
    public interface Body<T> {
        /** Writes the content to {@code out}. */
        T write(OutputStream out) throws IOException, RmsClientException;
    }

    /**
     * What writes the content to the temporary file's channel, at any positions (several threads may write to it
     * at once, as long as all have finished when this returns). An {@link IOException} it throws fails the write.
     *
     * @param <T> what it returns
     */
    public interface ChannelBody<T> {
        /** Writes the content to {@code out}, which starts empty. */
        T write(FileChannel out) throws IOException, RmsClientException;
    }

    private AtomicFileOutput() {
    }

    /** Fails early, before any work, when {@code target} (an absolute path) cannot be written. */
    public static void check(Path target, boolean overwrite) throws RmsClientException {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                    "the output directory " + dir + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                    "the output " + target + " is a directory; name a file");
        }
        if (!overwrite && Files.exists(target)) {
            throw exists(target);
        }
    }

    /** Writes {@code target} (an absolute path) with {@code body}, atomically; see the class comment. */
    public static <T> T write(Path target, boolean overwrite, Body<T> body) throws RmsClientException {
        // the stream is not buffered: what the body wrote is in the channel when it returns
        return writeChannel(target, overwrite, ch -> body.write(Channels.newOutputStream(ch)));
    }

    /** Writes {@code target} (an absolute path) with {@code body} on the file's channel, atomically. */
    public static <T> T writeChannel(Path target, boolean overwrite, ChannelBody<T> body) throws RmsClientException {
        check(target, overwrite);
        Path temp;
        try {
            temp = PrivateFiles.createTempFile(target.getParent(), "." + target.getFileName() + ".", TEMP_SUFFIX);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO,
                    "cannot create a file in " + target.getParent() + ": " + e.getMessage(), e);
        }
        track(temp);
        boolean done = false;
        try {
            T result;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                result = body.write(ch);
                ch.force(true);
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO,
                        "cannot write " + target + ": " + e.getMessage(), e);
            }
            rename(temp, target, overwrite);
            done = true;
            return result;
        } finally {
            if (!done) {
                delete(temp);
            }
            IN_PROGRESS.remove(temp);
        }
    }

    private static void rename(Path temp, Path target, boolean overwrite) throws RmsClientException {
        try {
            if (overwrite) {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return;
            }
            try {
                Files.createLink(target, temp);
                delete(temp);
                return;
            } catch (FileAlreadyExistsException e) {
                throw exists(target);
            } catch (UnsupportedOperationException | IOException e) {
                // no hard links here (FAT, some network shares): check and rename
            }
            if (Files.exists(target)) {
                throw exists(target);
            }
            Files.move(temp, target);
        } catch (FileAlreadyExistsException e) {
            throw exists(target);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO,
                    "cannot move the finished output into place as " + target + ": " + e.getMessage(), e);
        }
    }

    private static RmsClientException exists(Path target) {
        return new RmsClientException(RmsClientException.OUTPUT_EXISTS,
                target + " already exists; choose another output name or allow overwriting");
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the name marks it as a leftover
        }
    }

    private static void track(Path temp) {
        if (!hookInstalled) {
            synchronized (AtomicFileOutput.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_PROGRESS.forEach(AtomicFileOutput::delete),
                            "rms-client partial output cleanup"));
                    hookInstalled = true;
                }
            }
        }
        IN_PROGRESS.add(temp);
    }
}
