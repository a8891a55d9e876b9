package org.rmsconnector.client.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.Progress;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.ProtectedFileChannels;
import org.rmsconnector.protocol.ProtectedFileHeader;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;

/**
 * The chunk work of {@code protectFile} and {@code unprotectFile}: file channel to file channel on the threads the
 * {@link FileOptions} allow ({@link ProtectedFileChannels}), with progress, and with the output pushed towards the
 * disk while it is written so that the final {@code force} of the atomic output has little left to do. No service
 * calls; the caller brings the license and key.
 */
final class ProtectedFiles {

    /**
     * Output bytes between two early flushes. The output is forced to disk before it takes its name anyway (see
     * {@code AtomicFileOutput}); flushing as it grows lets the disk work while the chunks are encrypted, instead of
     * all of it at the end.
     */
    static final long WRITE_BEHIND_BYTES = 32L * 1024 * 1024;

    private ProtectedFiles() {
    }

    static FileChannel openInput(Path source) throws RmsClientException {
        try {
            return FileChannel.open(source, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Protects all of {@code in} into {@code out} (the atomic output's temporary file). */
    static ProtectedFileChannels.Sealed seal(FileChannel in, FileChannel out, String license, byte[] key,
            FileOptions fo, Path source) throws RmsClientException {
        long total = size(in, source);
        try {
            return ProtectedFileChannels.seal(in, out, license, key, ProtectedFileHeader.DEFAULT_CHUNK_SIZE,
                    fo.effectiveThreads(), listener(fo.progress(), 0, total, out));
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot encrypt " + source + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot protect " + source + ": " + e.getMessage(), e);
        }
    }

    /** Opens the chunks of {@code in} (positioned after {@code header}) into {@code out}; the plaintext bytes. */
    static long open(FileChannel in, ProtectedFileHeader header, byte[] key, FileChannel out, FileOptions fo,
            Path source) throws RmsClientException {
        long total = size(in, source);
        try {
            // progress counts protected bytes, the header included, so that it ends at the file's size
            return ProtectedFileChannels.open(in, header, key, out, fo.effectiveThreads(),
                    listener(fo.progress(), header.length(), total, out));
        } catch (ProtocolException e) {
            throw ProtectedStreams.fromContent(e);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot unprotect " + source + ": " + e.getMessage(),
                    e);
        }
    }

    private static long size(FileChannel ch, Path source) throws RmsClientException {
        try {
            return ch.size();
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reports {@code start} plus the input bytes done to {@code progress}, and flushes {@code out} every
     * {@link #WRITE_BEHIND_BYTES} of input (the output grows about as fast).
     */
    private static LongConsumer listener(Progress progress, long start, long total, FileChannel out) {
        return new LongConsumer() {
            private long done = start;
            private long flushedAt = start;

            @Override
            public void accept(long bytes) {
                done += bytes;
                if (done - flushedAt >= WRITE_BEHIND_BYTES) {
                    flushedAt = done;
                    writeBehind(out);
                }
                if (progress != null) {
                    progress.update(done, total);
                }
            }
        };
    }

    private static void writeBehind(FileChannel out) {
        try {
            out.force(false);
        } catch (IOException e) {
            // Only an early start: the atomic output's own force decides, and reports, whether the data is on disk.
        }
    }
}
