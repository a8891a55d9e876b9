package org.rmsconnector.relay.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;

/**
 * The relay's traffic for the console: counts per workload and outcome since start, and one sample per
 * {@link #INTERVAL} for the last {@link #SAMPLES} intervals (10 minutes). Memory is fixed: one counter set per
 * workload and a ring of {@link #SAMPLES} slots. A slot is numbered by its interval since the epoch; it is reused
 * lazily when a later interval maps to it, and a slot whose number is not the one asked for reads as an interval
 * without traffic, so no timer is needed to close samples. Thread-safe.
 */
final class TrafficStatistics {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int SAMPLES = 60;
    private static final long INTERVAL_MS = INTERVAL.toMillis();

    private final Clock clock;
    private final long firstInterval;
    private final Map<Workload, Outcomes> perWorkload = new EnumMap<>(Workload.class);
    private final Slot[] ring = new Slot[SAMPLES];

    TrafficStatistics(Clock clock) {
        this.clock = clock;
        this.firstInterval = interval(clock.millis());
        for (Workload w : Workload.values()) {
            perWorkload.put(w, new Outcomes());
        }
        for (int i = 0; i < SAMPLES; i++) {
            ring[i] = new Slot();
        }
    }

    /**
     * @param workload the role, else the declared workload, or {@code null} (counted in the history only)
     * @param status   the HTTP status answered
     * @param total    from the request's arrival to its answer
     */
    void record(Workload workload, int status, Duration total) {
        long nanos = Math.max(0, total.toNanos());
        if (workload != null) {
            perWorkload.get(workload).add(status, nanos);
        }
        long now = interval(clock.millis());
        Slot slot = ring[(int) Math.floorMod(now, (long) SAMPLES)];
        synchronized (slot) {
            if (slot.interval < now) {
                slot.reset(now);
            }
            if (slot.interval == now) { // else the clock stepped back past this slot's reuse: history only loses it
                slot.requests++;
                slot.errors += status >= 500 ? 1 : 0;
                slot.nanos += nanos;
            }
        }
    }

    /** Counts since start for the workloads called at least once. */
    Map<Workload, WorkloadTraffic> traffic() {
        Map<Workload, WorkloadTraffic> out = new EnumMap<>(Workload.class);
        perWorkload.forEach((w, o) -> {
            WorkloadTraffic t = o.snapshot();
            if (t.total() > 0) {
                out.put(w, t);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * The closed intervals of the last 10 minutes (those since start, when that is more recent), oldest first, with
     * intervals without traffic as zero samples; the current interval is still open and not included.
     */
    List<TrafficSample> history() {
        long now = interval(clock.millis());
        long from = Math.max(firstInterval, now - SAMPLES);
        List<TrafficSample> out = new ArrayList<>((int) Math.max(0, now - from));
        for (long i = from; i < now; i++) {
            Slot slot = ring[(int) Math.floorMod(i, (long) SAMPLES)];
            long requests = 0;
            long errors = 0;
            long nanos = 0;
            synchronized (slot) {
                if (slot.interval == i) {
                    requests = slot.requests;
                    errors = slot.errors;
                    nanos = slot.nanos;
                }
            }
            out.add(new TrafficSample(Instant.ofEpochMilli((i + 1) * INTERVAL_MS), requests, errors,
                    meanMillis(nanos, requests)));
        }
        return out;
    }

    private static long interval(long epochMillis) {
        return Math.floorDiv(epochMillis, INTERVAL_MS);
    }

    static double meanMillis(long nanos, long count) {
        return count == 0 ? 0 : nanos / 1e6 / count;
    }

    /** One workload's counts; one lock so a snapshot never sees half a request. */
    private static final class Outcomes {
        private long succeeded;
        private long refused;
        private long unavailable;
        private long failed;
        private long nanos;

        /**
         * 2xx succeeded, 4xx refused, 503 unavailable, any other status failed: other 5xx, and 1xx/3xx, which the
         * relay never answers itself and the cloud must not either, so every request is counted once.
         */
        synchronized void add(int status, long totalNanos) {
            if (status >= 200 && status < 300) {
                succeeded++;
            } else if (status >= 400 && status < 500) {
                refused++;
            } else if (status == 503) {
                unavailable++;
            } else {
                failed++;
            }
            nanos += totalNanos;
        }

        synchronized WorkloadTraffic snapshot() {
            long count = succeeded + refused + unavailable + failed;
            return new WorkloadTraffic(succeeded, refused, unavailable, failed, meanMillis(nanos, count));
        }
    }

    /** One interval's counts; {@code interval} says which interval they belong to. */
    private static final class Slot {
        long interval = Long.MIN_VALUE;
        long requests;
        long errors;
        long nanos;

        void reset(long newInterval) {
            interval = newInterval;
            requests = 0;
            errors = 0;
            nanos = 0;
        }
    }
}
