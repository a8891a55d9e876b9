package org.rmsconnector.client.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.LongConsumer;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.Progress;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protectedfile.ProtectedFileChannels;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
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
     * all of it at the end (measured for 1 GiB written here: the final force took 1.1-1.2 s alone, 0.03 s after
     * write-behind).
     */
    static final long WRITE_BEHIND_BYTES = 32L * 1024 * 1024;

    private ProtectedFiles() {
    }

    /**
     * What the workload needs to know of the file: an FCI server declares the document (name, first bytes, OOXML part
     * names) so the connector can refuse what is not an Office document without ever seeing the content.
     */
    static Map<String, Object> declaration(ClientConfig config, Path source) throws RmsClientException {
        if (!"fci".equals(config.workload().orElse(null))) {
            return Map.of();
        }
        try {
            return Map.of("document", DocumentDeclaration.of(source));
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + source + ": " + e.getMessage(), e);
        }
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
                    fo.effectiveThreads(), listener(fo, 0, total, out));
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
                    listener(fo, header.length(), total, out));
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
     * Reports {@code start} plus the input bytes done to the progress of {@code fo}, and flushes {@code out} every
     * {@link #WRITE_BEHIND_BYTES} of input (the output grows about as fast). Only with several threads: the
     * listener then runs on the calling thread while the workers go on, so the flush overlaps their work; on one
     * thread it would stall the only worker (measured: slower than one force at the end).
     */
    private static LongConsumer listener(FileOptions fo, long start, long total, FileChannel out) {
        Progress progress = fo.progress();
        boolean writeBehind = fo.effectiveThreads() > 1;
        return new LongConsumer() {
            private long done = start;
            private long flushedAt = start;

            @Override
            public void accept(long bytes) {
                done += bytes;
                if (writeBehind && done - flushedAt >= WRITE_BEHIND_BYTES) {
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
