package org.rmsconnector.client.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.rmsconnector.client.RmsClientException;

/**
 * Writes a stream to a file that appears complete or not at all: an owner-only temporary file beside the target,
 * forced to disk, then given its name (a hard link when not overwriting, which the file system refuses atomically
 * if the target appeared meanwhile). The SDK does the same inside its file methods; SharePoint's upload needs it
 * for {@code open()}, whose rights check is the application's.
 */
final class AtomicOutput {

    private AtomicOutput() {
    }

    /** Copies {@code in} to {@code target}; any failure deletes the temporary file and leaves no target. */
    static long write(InputStream in, Path target, boolean overwrite) throws RmsClientException {
        Path dir = Names.folderOf(target);
        if (!overwrite && Files.exists(target)) {
            throw new RmsClientException(RmsClientException.OUTPUT_EXISTS, target + " exists");
        }
        Path tmp;
        try {
            // createTempFile makes it rw------- on POSIX file systems
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".rms-partial");
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot create a file in " + dir + ": "
                    + e.getMessage(), e);
        }
        try {
            long n;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                n = in.transferTo(out);
                ch.force(true);
            }
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                try {
                    Files.createLink(target, tmp);
                    Files.delete(tmp);
                } catch (UnsupportedOperationException noLinks) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE); // may replace: checked above
                }
            }
            return n;
        } catch (FileAlreadyExistsException e) {
            throw new RmsClientException(RmsClientException.OUTPUT_EXISTS, target + " exists", e);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // best effort: the name marks it as a partial file
            }
        }
    }
}
