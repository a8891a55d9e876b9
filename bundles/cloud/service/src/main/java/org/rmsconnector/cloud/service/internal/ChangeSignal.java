package org.rmsconnector.cloud.service.internal;

import java.util.concurrent.TimeUnit;

/**
 * Wakes long-polls when the authorized-servers list changes. A sequence number, bumped by each change this
 * service makes, closes the race between "read the version" and "start waiting": a waiter reads the sequence
 * first, then the store, and waits only while the sequence is still the one it read. No lock is held while the
 * store is read, and nothing but this monitor while waiting.
 */
final class ChangeSignal {

    private long sequence;

    synchronized long sequence() {
        return sequence;
    }

    /** Called after a change was committed. */
    synchronized void signal() {
        sequence++;
        notifyAll();
    }

    /**
     * Waits until the sequence moves past {@code seen} or {@code deadlineNanos} ({@link System#nanoTime()}) passes.
     *
     * @return whether a change was signalled
     */
    synchronized boolean await(long seen, long deadlineNanos) throws InterruptedException {
        while (sequence == seen) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
