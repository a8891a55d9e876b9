package org.rmsconnector.cloud.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.rmsconnector.cloud.model.UsageRecord;

/**
 * Takes usage-log rows off the licensing path: requests queue their records ({@link #submit}) and one writer
 * thread appends them to the {@link UsageLog} in batches, one transaction per batch. A request then costs no
 * database write.
 *
 * <ul>
 * <li>Bounded: at most {@code capacity} rows wait. When the queue is full (the database is down or slower than
 * the traffic) a row is dropped, counted ({@link #dropped()}) and reported by a WARN at most every
 * {@link #WARN_INTERVAL}, with the number dropped since the last one. Licensing never waits for the log.</li>
 * <li>A batch the database refuses is tried again ({@value #ATTEMPTS} times in all, a second apart), then
 * dropped and counted.</li>
 * <li>{@link #flush} waits until everything submitted before it is written; {@link UsageLog#query} flushes first, so
 * whoever reads the log sees the requests answered before. {@link #close} flushes and stops the thread; the owner
 * calls it when it stops (the cloud component's deactivation).</li>
 * </ul>
 * Before {@link #start} (and after {@link #close}) submissions are written synchronously by the caller.
 */
public final class UsageWriter implements AutoCloseable {

    /** Default bound of waiting rows. */
    public static final int DEFAULT_CAPACITY = 20_000;
    /** Rows per transaction at most. */
    static final int BATCH = 500;
    static final int ATTEMPTS = 3;
    static final Duration WARN_INTERVAL = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(UsageWriter.class.getName());

    private final UsageLog log;
    private final BlockingQueue<UsageRecord> queue;
    private final Object progress = new Object();
    private long accepted; // rows queued so far (guarded by progress)
    private long done; // rows written or given up so far (guarded by progress)
    private long dropped; // guarded by progress
    private long droppedSinceWarning; // guarded by progress
    private long lastWarning = Long.MIN_VALUE; // nanoTime, guarded by progress
    private volatile Thread thread;
    private volatile boolean closing;

    UsageWriter(UsageLog log, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Starts the writer thread; until then, and after {@link #close}, {@link #submit} writes synchronously. */
    public synchronized void start() {
        if (thread != null || closing) {
            return;
        }
        Thread t = new Thread(this::run, "rms-cloud-usage-writer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Queues records for writing; a record that does not fit is dropped and counted. */
    public void submit(Collection<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        if (thread == null || closing) {
            log.appendAll(records);
            return;
        }
        synchronized (progress) {
            for (UsageRecord r : records) {
                if (queue.offer(r)) {
                    accepted++;
                } else {
                    dropped++;
                    droppedSinceWarning++;
                }
            }
            warnAboutDrops();
        }
    }

    /** Rows dropped so far: the queue was full, or the database refused them {@value #ATTEMPTS} times. */
    public long dropped() {
        synchronized (progress) {
            return dropped;
        }
    }

    /** Rows waiting to be written. */
    public int pending() {
        return queue.size();
    }

    /**
     * Waits until every row submitted before this call has been written (or given up on).
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = accepted;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || thread == null) {
                    return done >= target;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Writes what is queued (waiting at most 10 s) and stops the thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closing = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        if (!flush(Duration.ofSeconds(10))) {
            LOG.log(System.Logger.Level.WARNING, "usage log: {0} rows were still waiting to be written at stop",
                    queue.size());
        }
        t.interrupt();
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                UsageRecord first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    return;
                }
                // stopping: write what is left first
            }
            queue.drainTo(batch, BATCH - batch.size());
            write(batch);
            synchronized (progress) {
                done += batch.size();
                progress.notifyAll();
            }
            batch.clear();
        }
    }

    private void write(List<UsageRecord> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                log.appendAll(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    synchronized (progress) {
                        dropped += batch.size();
                        droppedSinceWarning += batch.size();
                        LOG.log(System.Logger.Level.WARNING, "usage log: dropped " + batch.size()
                                + " rows the database refused " + ATTEMPTS + " times: " + e.getMessage());
                    }
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt(); // stopping: one more try, then give up
                }
            }
        }
    }

    // called with progress held
    private void warnAboutDrops() {
        if (droppedSinceWarning == 0) {
            return;
        }
        long now = System.nanoTime();
        if (lastWarning != Long.MIN_VALUE && now - lastWarning < WARN_INTERVAL.toNanos()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "usage log: dropped " + droppedSinceWarning + " rows: the queue of "
                + (queue.size() + queue.remainingCapacity()) + " rows is full (the database is behind); " + dropped
                + " dropped since start");
        droppedSinceWarning = 0;
        lastWarning = now;
    }
}
