package org.rmsconnector.client;

/**
 * How a file operation treats its output, reports progress and how many threads it may use. Immutable.
 *
 * @param overwrite replace an existing output file; when false an existing output is an error
 * @param progress  called as the work advances, or null
 * @param threads   threads that encrypt or decrypt the file's chunks at once, 1 to {@value #MAX_THREADS};
 *                  0 means one per available processor ({@link #DEFAULT_THREADS})
 */
public record FileOptions(boolean overwrite, Progress progress, int threads) {

    /** {@code threads} value meaning one thread per available processor. */
    public static final int DEFAULT_THREADS = 0;
    /** Most threads a file operation may use; each holds about 2 MiB of buffers. */
    public static final int MAX_THREADS = 64;

    /** Never overwrite, no progress, one thread per processor. */
    public static final FileOptions DEFAULT = new FileOptions(false, null, DEFAULT_THREADS);

    /** Checks {@code threads}. */
    public FileOptions {
        if (threads < 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS
                    + " (or 0 for one per processor), got " + threads);
        }
    }

    /** With one thread per available processor. */
    public FileOptions(boolean overwrite, Progress progress) {
        this(overwrite, progress, DEFAULT_THREADS);
    }

    /** A copy with {@code overwrite}. */
    public FileOptions withOverwrite(boolean overwrite) {
        return new FileOptions(overwrite, progress, threads);
    }

    /** A copy reporting to {@code progress}. */
    public FileOptions withProgress(Progress progress) {
        return new FileOptions(overwrite, progress, threads);
    }

    /** A copy using {@code threads} threads (0: one per available processor). */
    public FileOptions withThreads(int threads) {
        return new FileOptions(overwrite, progress, threads);
    }

    /** The threads to use: {@code threads}, or the available processors when it is 0. */
    public int effectiveThreads() {
        return threads != DEFAULT_THREADS ? threads
                : Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    }
}
