package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.MutableClock;

class TrafficStatisticsTest {
    /** On an interval boundary, so the arithmetic below reads plainly. */
    private static final Instant START = Instant.parse("2026-01-10T09:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final TrafficStatistics stats = new TrafficStatistics(clock);

    @Test
    void eachStatusCountsAsItsOutcomeAndTheMeanIsOverAll() {
        stats.record(Workload.EXCHANGE, 200, ms(10));
        stats.record(Workload.EXCHANGE, 204, ms(20));
        stats.record(Workload.EXCHANGE, 403, ms(3));
        stats.record(Workload.EXCHANGE, 413, ms(1));
        stats.record(Workload.EXCHANGE, 503, ms(2));
        stats.record(Workload.EXCHANGE, 502, ms(30));
        stats.record(Workload.EXCHANGE, 504, ms(40));
        stats.record(Workload.EXCHANGE, 302, ms(4));
        WorkloadTraffic t = stats.traffic().get(Workload.EXCHANGE);
        assertEquals(2, t.succeeded());
        assertEquals(2, t.refused());
        assertEquals(1, t.unavailable());
        assertEquals(3, t.failed(), "502, 504 and the unexpected 302");
        assertEquals(8, t.total());
        assertEquals(110.0 / 8, t.meanMillis(), 1e-9);
    }

    @Test
    void workloadsNeverCalledAreAbsentAndRequestsWithoutAWorkloadOnlyInTheHistory() {
        assertEquals(Map.of(), stats.traffic());
        stats.record(Workload.FCI, 200, ms(5));
        stats.record(null, 404, ms(1));
        assertEquals(Map.of(Workload.FCI, new WorkloadTraffic(1, 0, 0, 0, 5.0)), stats.traffic());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(new TrafficSample(START.plusSeconds(10), 2, 0, 3.0)), stats.history());
    }

    @Test
    void theOpenIntervalIsNotASampleUntilItCloses() {
        stats.record(Workload.SHAREPOINT, 200, ms(8));
        assertEquals(List.of(), stats.history(), "the first interval is still open");
        clock.advance(Duration.ofMillis(9_999));
        stats.record(Workload.SHAREPOINT, 500, ms(4));
        assertEquals(List.of(), stats.history());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(new TrafficSample(START.plusSeconds(10), 2, 1, 6.0)), stats.history());
    }

    @Test
    void quietIntervalsAreZeroSamplesOldestFirst() {
        stats.record(Workload.EXCHANGE, 200, ms(10));
        clock.advance(Duration.ofSeconds(25)); // into the third interval
        stats.record(Workload.EXCHANGE, 503, ms(2));
        clock.advance(Duration.ofSeconds(10));
        List<TrafficSample> history = stats.history();
        assertEquals(List.of(
                new TrafficSample(START.plusSeconds(10), 1, 0, 10.0),
                new TrafficSample(START.plusSeconds(20), 0, 0, 0.0),
                new TrafficSample(START.plusSeconds(30), 1, 1, 2.0)), history);
    }

    @Test
    void theHistoryKeepsTenMinutesAndForgetsOlderIntervalsWithoutATimer() {
        // one request in each of 70 intervals, n+1 ms in interval n
        for (int n = 0; n < 70; n++) {
            stats.record(Workload.FCI, 200, ms(n + 1));
            clock.advance(Duration.ofSeconds(10));
        }
        List<TrafficSample> history = stats.history();
        assertEquals(TrafficStatistics.SAMPLES, history.size(), "10 minutes of 10-second samples");
        assertEquals(START.plusSeconds(110), history.get(0).end(), "intervals 0..9 have been forgotten");
        assertEquals(11.0, history.get(0).meanMillis());
        assertEquals(START.plusSeconds(700), history.get(59).end());
        assertEquals(70.0, history.get(59).meanMillis());
        assertTrue(history.stream().allMatch(s -> s.requests() == 1));
        assertEquals(70, stats.traffic().get(Workload.FCI).succeeded(), "the counts since start keep everything");

        // a long quiet spell: reused slots from 10 minutes ago must not show up again
        clock.advance(Duration.ofMinutes(15));
        assertTrue(stats.history().stream().allMatch(s -> s.requests() == 0), "only quiet intervals now");
        assertEquals(TrafficStatistics.SAMPLES, stats.history().size());
    }

    @Test
    void recordingFromManyThreadsLosesNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8000; i++) {
            int n = i;
            pool.execute(() -> stats.record(n % 2 == 0 ? Workload.EXCHANGE : Workload.SHAREPOINT,
                    n % 4 == 1 ? 503 : 200, ms(2)));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(4000, stats.traffic().get(Workload.EXCHANGE).succeeded());
        assertEquals(2000, stats.traffic().get(Workload.SHAREPOINT).unavailable());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new TrafficSample(START.plusSeconds(10), 8000, 2000, 2.0), stats.history().get(0));
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
