package org.rmsconnector.client.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.rmsconnector.client.Progress;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.internal.files.AtomicFileOutput;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
import org.rmsconnector.protectedfile.ProtectedFileReader;
import org.rmsconnector.protectedfile.ProtectedFileWriter;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishingLicense;

/**
 * The file and stream side of protecting and opening: the protected file's header, copying with progress and with
 * input failures told from output failures, the checks on input and output files, and what a damaged file is
 * reported as. No service calls.
 */
final class ProtectedStreams {

    private static final int BUFFER = 64 * 1024;

    private ProtectedStreams() {
    }

    static ProtectionInfo info(PublishingLicense pl, int chunkSize) {
        return new ProtectionInfo(pl.contentId(), pl.owner(), pl.issuer(), pl.policy(), pl.createdAt(), pl.notAfter(),
                pl.offlineDays(), pl.tenantKid(), chunkSize);
    }

    /** Writes {@code plaintext} protected under {@code pl} and {@code key} to {@code out}, one chunk at a time. */
    static ProtectResult protect(InputStream plaintext, OutputStream out, PublishingLicense pl, byte[] key)
            throws RmsClientException {
        CountingOutputStream counted = new CountingOutputStream(out);
        ProtectedFileWriter writer;
        try {
            writer = new ProtectedFileWriter(counted, pl.compact(), key);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot write the output: " + e.getMessage(), e);
        }
        long n = copy(plaintext, writer, null, -1, null, false);
        try {
            writer.finish();
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot write the output: " + e.getMessage(), e);
        }
        return new ProtectResult(info(pl, writer.header().chunkSize()), n, counted.count);
    }

    static ProtectedFileHeader readHeader(InputStream in) throws RmsClientException {
        byte[] magic;
        try {
            magic = in.readNBytes(ProtectedFileHeader.MAGIC.length);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
        }
        if (!Arrays.equals(magic, ProtectedFileHeader.MAGIC)) {
            throw notProtected();
        }
        try {
            // Give the magic back without buffering: the reader must continue exactly after the header.
            return ProtectedFileReader.readHeader(new SequenceInputStream(new ByteArrayInputStream(magic), in));
        } catch (ProtocolException e) {
            throw fromContent(e);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
        }
    }

    static PublishingLicense parseLicense(ProtectedFileHeader header) throws RmsClientException {
        try {
            return PublishingLicense.parseUnverified(header.publishingLicense());
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.TAMPERED,
                    "the publishing license in the file's header is damaged (" + e.getMessage()
                            + "). Ask the owner for a new copy", e);
        }
    }

    private static RmsClientException notProtected() {
        return new RmsClientException(RmsClientException.NOT_PROTECTED,
                "the input is not a protected file (it does not start with RMSPF); there is nothing to unprotect");
    }

    // A refusal of the protected content itself.
    static RmsClientException fromContent(ProtocolException e) {
        return switch (e.reason()) {
            case UNSUPPORTED_VERSION -> new RmsClientException(RmsClientException.UNSUPPORTED_VERSION,
                    e.getMessage() + ". It was written by a newer version; update this client", e);
            case CRYPTO_FAILURE -> new RmsClientException(RmsClientException.IO, e.getMessage(), e);
            default -> new RmsClientException(RmsClientException.TAMPERED, "the protected file is damaged or was "
                    + "altered (" + e.reason() + ": " + e.getMessage()
                    + "). Nothing was kept; ask the owner for a new copy", e);
        };
    }

    /**
     * Copies with one fixed buffer, telling input failures from output failures. For progress,
     * {@code counted} (when given) measures the input in its own units, e.g. protected bytes.
     */
    static long copy(InputStream in, OutputStream out, Progress progress, long total,
            CountingInputStream counted, boolean inputIsProtected) throws RmsClientException {
        byte[] buf = new byte[BUFFER];
        long n = 0;
        while (true) {
            int r;
            try {
                r = in.read(buf);
            } catch (ProtocolException e) {
                throw inputIsProtected ? fromContent(e)
                        : new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
            }
            if (r < 0) {
                return n;
            }
            try {
                out.write(buf, 0, r);
            } catch (ProtocolException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot encrypt: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot write the output: " + e.getMessage(), e);
            }
            n += r;
            if (progress != null) {
                progress.update(counted != null ? counted.count : n, total);
            }
        }
    }

    static Path checkInput(Path in) throws RmsClientException {
        Objects.requireNonNull(in, "in");
        if (!Files.exists(in)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the input file " + in + " does not exist");
        }
        if (!Files.isRegularFile(in)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the input " + in + " is not a regular file");
        }
        return in.toAbsolutePath().normalize();
    }

    static Path checkOutput(Path source, Path out, boolean overwrite) throws RmsClientException {
        Objects.requireNonNull(out, "out");
        Path target = out.toAbsolutePath().normalize();
        try {
            if (Files.exists(target) && Files.isSameFile(source, target)) {
                throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                        "the output " + out + " is the input itself; choose another output name");
            }
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot inspect " + out + ": " + e.getMessage(), e);
        }
        AtomicFileOutput.check(target, overwrite);
        return target;
    }

    static boolean startsWithMagic(Path file) throws RmsClientException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(ProtectedFileHeader.MAGIC.length), ProtectedFileHeader.MAGIC);
        } catch (NoSuchFileException e) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the input file " + file + " does not exist");
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static long size(Path file) throws RmsClientException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }
    }
}
