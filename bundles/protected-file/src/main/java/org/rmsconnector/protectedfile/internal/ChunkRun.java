package org.rmsconnector.protectedfile.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs the batches of one file on a few threads of its own. Batches are numbered 0..n-1 and claimed in that order;
 * each worker thread has its own {@link Worker} (its cipher and buffers), so memory is bounded by the number of
 * threads times one worker's buffers, whatever the file size. Where a batch lands in the output is its worker's
 * business (positional writes), so nothing waits for an earlier batch.
 *
 * <p>Progress is reported on the calling thread, one call per chunk, as the {@code Progress} of the client
 * promises; an exception thrown from it stops the run. Failures are deterministic: when several batches fail, the
 * one with the lowest number wins, which is the failure a sequential reader would have met first (every batch below
 * it was claimed before it, so they all finish before the run ends). The run returns or throws only after every
 * worker has stopped: nothing writes to the output after it.
 */
public final class ChunkRun {

    /** Does the batches one thread claims. Confined to that thread. */
    public interface Worker extends AutoCloseable {
        /** Processes batch {@code batch}, telling {@code chunkDone} the input bytes of each chunk finished. */
        void run(long batch, LongConsumer chunkDone) throws IOException;

        /** Releases (and wipes) the worker's buffers. */
        @Override
        void close();
    }

    /** Makes one worker per thread. */
    @FunctionalInterface
    public interface Workers {
        Worker create() throws IOException;
    }

    private static final Object EXITED = new Object();

    private final long batches;
    private final AtomicLong next = new AtomicLong();
    private volatile boolean stop;
    private long failedBatch = Long.MAX_VALUE;
    private Throwable failure;

    private ChunkRun(long batches) {
        this.batches = batches;
    }

    /**
     * Runs batches {@code 0..batches-1} on at most {@code threads} threads; with one thread (or one batch) on the
     * calling thread itself. {@code progress} gets each finished chunk's input bytes on the calling thread.
     */
    public static void run(long batches, int threads, Workers workers, LongConsumer progress) throws IOException {
        int n = (int) Math.min(threads, batches);
        if (n <= 1) {
            try (Worker w = workers.create()) {
                for (long b = 0; b < batches; b++) {
                    w.run(b, progress);
                }
            }
            return;
        }
        new ChunkRun(batches).runOn(n, workers, progress);
    }

    private void runOn(int threads, Workers workers, LongConsumer progress) throws IOException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Thread[] started = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> work(workers, events), "rms-file-chunks-" + i);
            t.setDaemon(true);
            t.start();
            started[i] = t;
        }
        RuntimeException callerFailure = null;
        Error callerError = null;
        boolean interrupted = false;
        int running = threads;
        while (running > 0) {
            Object event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                // stop the workers, but still wait for them: none may write once this returns
                interrupted = true;
                stop = true;
                continue;
            }
            if (event == EXITED) {
                running--;
                if (running == 0) {
                    interrupted |= joinAll(started);
                }
            } else if (!stop) {
                try {
                    progress.accept((Long) event);
                } catch (RuntimeException e) {
                    callerFailure = e;
                    stop = true;
                } catch (Error e) {
                    callerError = e;
                    stop = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (callerError != null) {
            throw callerError;
        }
        if (callerFailure != null) {
            throw callerFailure;
        }
        if (interrupted && failure == null) {
            throw new InterruptedIOException("interrupted while processing the file");
        }
        rethrowFailure();
    }

    // Each worker has said it is leaving: this only waits for its last instructions. True if interrupted.
    private static boolean joinAll(Thread[] threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    private void work(Workers workers, BlockingQueue<Object> events) {
        try (Worker w = workers.create()) {
            long b;
            while (!stop && (b = next.getAndIncrement()) < batches) {
                try {
                    w.run(b, bytes -> events.add(bytes));
                } catch (IOException | RuntimeException | Error e) {
                    fail(b, e);
                    return;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            fail(-1, e); // the worker could not even start (no cipher, no memory): before any batch
        } finally {
            events.add(EXITED);
        }
    }

    private synchronized void fail(long batch, Throwable t) {
        if (failure == null || batch < failedBatch) {
            failure = t;
            failedBatch = batch;
        }
        stop = true;
    }

    private synchronized void rethrowFailure() throws IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) failure; // only IOException, RuntimeException and Error are recorded
    }
}
