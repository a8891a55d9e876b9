package org.rmsconnector.tls.refusals.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps what it is told; waits for refusals that arrive on a TLS thread. */
final class RecordingSink implements RefusalSink {
    private final List<Refusal> refusals = new ArrayList<>();

    @Override
    public synchronized void refused(Refusal refusal) {
        refusals.add(refusal);
        notifyAll();
    }

    synchronized List<Refusal> all() {
        return List.copyOf(refusals);
    }

    /** The n-th refusal (from 0), waiting for it up to the deadline. */
    synchronized Refusal await(int index, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (refusals.size() <= index) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no refusal #" + (index + 1) + " within " + deadline + "; got " + refusals);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return refusals.get(index);
    }
}
