package org.rmsconnector.cloud.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts changes to what licensing reads on every call and what rarely changes: the directory, the templates and
 * the super-user configuration. In-memory copies of them remember the count they were loaded at and load again
 * when it moved, so licensing reads no database rows per call and still sees every committed change at once.
 *
 * <p>A change counts twice: when it is written (inside its transaction) and when that transaction ends. A copy
 * loaded while the change was uncommitted carries the first count, so the second makes it stale again.
 */
public final class ConfigurationChanges {

    private final AtomicLong version = new AtomicLong();
    private final TxRunner tx;

    ConfigurationChanges(TxRunner tx) {
        this.tx = tx;
    }

    /** The current count: read it before loading, keep the copy under it. */
    public long version() {
        return version.get();
    }

    /** Called by the store inside a transaction that changes the directory, templates or super users. */
    void changed() {
        version.incrementAndGet();
        tx.afterCompletion(version::incrementAndGet);
    }
}
