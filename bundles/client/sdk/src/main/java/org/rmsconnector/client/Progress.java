package org.rmsconnector.client;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives progress of a long operation. It runs on the working thread, so it should be
 * quick; throwing from it cancels the operation (a file operation then leaves no output).
 */
@ConsumerType
@FunctionalInterface
public interface Progress {

    /**
     * Called after each block.
     *
     * @param done  bytes of input processed so far
     * @param total input size in bytes, or -1 when unknown
     */
    void update(long done, long total);
}
