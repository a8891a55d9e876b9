package org.rmsconnector.client;

/**
 * How a file operation treats its output and reports progress. Immutable.
 *
 * @param overwrite replace an existing output file; when false an existing output is an error
 * @param progress  called as the work advances, or null
 */
public record FileOptions(boolean overwrite, Progress progress) {

    /** Never overwrite, no progress. */
    public static final FileOptions DEFAULT = new FileOptions(false, null);

    /** A copy with {@code overwrite}. */
    public FileOptions withOverwrite(boolean overwrite) {
        return new FileOptions(overwrite, progress);
    }

    /** A copy reporting to {@code progress}. */
    public FileOptions withProgress(Progress progress) {
        return new FileOptions(overwrite, progress);
    }
}
