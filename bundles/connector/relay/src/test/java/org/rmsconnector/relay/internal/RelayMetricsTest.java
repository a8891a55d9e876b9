package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.AuthorizationService;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.MutableClock;

class RelayMetricsTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    /** A sample line: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? "
                    + "(-?[0-9.]+(E-?[0-9]+)?|[+-]Inf|NaN)");

    private final RelayMetrics metrics = new RelayMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countsRequestsByOperationWorkloadAndStatus() {
        metrics.record(Operation.ACQUIRE_LICENSE, Workload.EXCHANGE, 200, ms(30), ms(20));
        metrics.record(Operation.ACQUIRE_LICENSE, Workload.EXCHANGE, 200, ms(40), ms(25));
        metrics.record(Operation.ACQUIRE_LICENSE, Workload.EXCHANGE, 503, ms(2), null);
        metrics.record(null, null, 404, ms(1), null);
        String text = metrics.scrape();
        assertEquals(2, value(text,
                "rms_relay_requests_total{operation=\"acquire_license\",workload=\"exchange\",status=\"200\"}"));
        assertEquals(1, value(text,
                "rms_relay_requests_total{operation=\"acquire_license\",workload=\"exchange\",status=\"503\"}"));
        assertEquals(1, value(text, "rms_relay_requests_total{operation=\"unknown\",workload=\"none\",status=\"404\"}"));
    }

    @Test
    void histogramsAreCumulativeAndInfEqualsCount() {
        metrics.record(Operation.PUBLISH, Workload.SHAREPOINT, 200, ms(30), ms(20));   // processing 10 ms
        metrics.record(Operation.PUBLISH, Workload.SHAREPOINT, 200, ms(300), ms(100)); // processing 200 ms
        metrics.record(Operation.PUBLISH, Workload.SHAREPOINT, 403, ms(4), null);      // processing 4 ms, no cloud
        metrics.record(Operation.PUBLISH, Workload.SHAREPOINT, 200, Duration.ofSeconds(20), ms(1));
        String text = metrics.scrape();
        String l = "operation=\"publish\",workload=\"sharepoint\"";
        // response: 4 ms, 30 ms, 300 ms, 20 s
        assertEquals(1, value(text, "rms_relay_response_seconds_bucket{" + l + ",le=\"0.005\"}"));
        assertEquals(1, value(text, "rms_relay_response_seconds_bucket{" + l + ",le=\"0.025\"}"));
        assertEquals(2, value(text, "rms_relay_response_seconds_bucket{" + l + ",le=\"0.05\"}"));
        assertEquals(3, value(text, "rms_relay_response_seconds_bucket{" + l + ",le=\"0.5\"}"));
        assertEquals(3, value(text, "rms_relay_response_seconds_bucket{" + l + ",le=\"10.0\"}"));
        assertEquals(4, value(text, "rms_relay_response_seconds_bucket{" + l + ",le=\"+Inf\"}"));
        assertEquals(4, value(text, "rms_relay_response_seconds_count{" + l + "}"));
        assertEquals(20.334, value(text, "rms_relay_response_seconds_sum{" + l + "}"), 1e-9);
        // processing = total - cloud: 10 ms (on the bound), 200 ms, 4 ms, 19.999 s
        assertEquals(2, value(text, "rms_relay_processing_seconds_bucket{" + l + ",le=\"0.01\"}"));
        assertEquals(3, value(text, "rms_relay_processing_seconds_bucket{" + l + ",le=\"0.25\"}"));
        assertEquals(4, value(text, "rms_relay_processing_seconds_count{" + l + "}"));
        // cloud: only the three forwarded calls
        assertEquals(3, value(text, "rms_relay_cloud_seconds_count{" + l + "}"));
        assertEquals(0.121, value(text, "rms_relay_cloud_seconds_sum{" + l + "}"), 1e-9);
        assertEquals(2, value(text, "rms_relay_cloud_seconds_bucket{" + l + ",le=\"0.025\"}"));
        assertBucketsCumulative(text);
    }

    @Test
    void theExpositionIsWellFormed() {
        metrics.record(Operation.TEMPLATES, Workload.FCI, 200, ms(12), ms(3));
        metrics.record(Operation.CERTIFY, null, 401, ms(1), null);
        String text = metrics.scrape();
        assertTrue(text.endsWith("\n"), "the last line ends with a line feed");
        List<String> families = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("# HELP ")) {
                String name = line.split(" ")[2];
                families.add(name);
                assertTrue(lines[i + 1].startsWith("# TYPE " + name + " "), "TYPE follows HELP: " + lines[i + 1]);
            } else if (!line.startsWith("# TYPE ")) {
                assertTrue(SAMPLE.matcher(line).matches(), "a sample line: " + line);
                String family = families.get(families.size() - 1);
                assertTrue(line.startsWith(family), line + " belongs to " + family);
            }
        }
        assertEquals(List.of("rms_relay_requests_total", "rms_relay_throttled_total", "rms_relay_processing_seconds",
                "rms_relay_cloud_seconds", "rms_relay_response_seconds", "rms_relay_policy_age_seconds", "rms_tls_handshakes_refused_total"),
                families);
        assertTrue(text.contains("# TYPE rms_relay_requests_total counter\n"));
        assertTrue(text.contains("# TYPE rms_relay_response_seconds histogram\n"));
        assertTrue(text.contains("# TYPE rms_relay_policy_age_seconds gauge\n"));
        assertEquals(1, value(text, "rms_relay_requests_total{operation=\"certify\",workload=\"none\",status=\"401\"}"));
        assertEquals(12, text.lines().filter(s -> s.startsWith("rms_relay_cloud_seconds_bucket{")).count(),
                "11 bounds and +Inf for the one forwarded series");
        assertBucketsCumulative(text);
    }

    @Test
    void labelValuesAreEscaped() {
        assertEquals("a\\\\b\\\"c\\nd", RelayMetrics.escape("a\\b\"c\nd"));
        assertEquals("exchange", RelayMetrics.escape("exchange"));
    }

    @Test
    void thePolicyAgeIsReadAtScrapeTime() {
        assertEquals(-1.0, metrics.policyAgeSeconds(), "no authorization service");
        assertTrue(metrics.scrape().contains("\nrms_relay_policy_age_seconds -1.0\n"));

        metrics.authorization = policyUpdated(Optional.empty());
        assertEquals(-1.0, metrics.policyAgeSeconds(), "never confirmed");

        metrics.authorization = policyUpdated(Optional.of(NOW.minusSeconds(90).minusMillis(500)));
        assertEquals(90.5, metrics.policyAgeSeconds());
        assertTrue(metrics.scrape().contains("\nrms_relay_policy_age_seconds 90.5\n"));

        metrics.authorization = null;
        assertEquals(-1.0, metrics.policyAgeSeconds(), "the service went away");
    }

    @Test
    void refusedHandshakesAreWrittenByReasonWhileTheirCounterRuns() {
        String without = metrics.scrape();
        assertTrue(without.contains("# TYPE rms_tls_handshakes_refused_total counter\n"));
        assertFalse(without.contains("rms_tls_handshakes_refused_total{"), "no counter, no samples");

        Map<String, Long> counts = new java.util.HashMap<>(Map.of("untrusted", 3L, "expired", 1L,
                "wrong_usage", 0L));
        metrics.handshakeRefusals = () -> counts;
        String text = metrics.scrape();
        assertEquals(3, value(text, "rms_tls_handshakes_refused_total{reason=\"untrusted\"}"));
        assertEquals(1, value(text, "rms_tls_handshakes_refused_total{reason=\"expired\"}"));
        assertEquals(0, value(text, "rms_tls_handshakes_refused_total{reason=\"wrong_usage\"}"));
        assertTrue(text.indexOf("{reason=\"expired\"}") < text.indexOf("{reason=\"untrusted\"}"),
                "series in a stable order");

        counts.put("untrusted", 4L);
        assertEquals(4, value(metrics.scrape(), "rms_tls_handshakes_refused_total{reason=\"untrusted\"}"),
                "read at scrape time");
        metrics.handshakeRefusals = null;
        assertFalse(metrics.scrape().contains("rms_tls_handshakes_refused_total{"), "the counter went away");
    }

    @Test
    void theStatisticsSeeTheSameRequestsAsTheMetrics() {
        MutableClock clock = new MutableClock(NOW);
        RelayMetrics live = new RelayMetrics(clock);
        live.record(Operation.ACQUIRE_LICENSE, Workload.EXCHANGE, 200, ms(30), ms(20));
        live.record(Operation.ACQUIRE_LICENSE, Workload.EXCHANGE, 503, ms(10), null);
        live.record(Operation.PUBLISH, Workload.SHAREPOINT, 403, ms(2), null);
        live.record(null, null, 404, ms(1), null);
        assertEquals(Map.of(Workload.EXCHANGE, new org.rmsconnector.api.admin.WorkloadTraffic(1, 0, 1, 0, 20.0),
                Workload.SHAREPOINT, new org.rmsconnector.api.admin.WorkloadTraffic(0, 1, 0, 0, 2.0)),
                live.traffic());
        clock.advance(Duration.ofSeconds(10));
        var sample = live.history().get(0);
        assertEquals(4, sample.requests(), "the history counts requests without a workload too");
        assertEquals(1, sample.errors());
        assertEquals(43.0 / 4, sample.meanMillis(), 1e-9);
    }

    @Test
    void thePolicyAgeIsTheOneTheMetricsShow() {
        MutableClock clock = new MutableClock(NOW);
        RelayMetrics live = new RelayMetrics(clock);
        assertEquals(null, live.policyAge(), "no authorization service");
        live.authorization = policyUpdated(Optional.empty());
        assertEquals(null, live.policyAge(), "never confirmed");
        live.authorization = policyUpdated(Optional.of(NOW.minusSeconds(90)));
        assertEquals(Duration.ofSeconds(90), live.policyAge());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Duration.ofSeconds(210), live.policyAge(), "read when asked");
        assertTrue(live.scrape().contains("\nrms_relay_policy_age_seconds 210.0\n"));
        live.authorization = policyUpdated(Optional.of(clock.instant().plusSeconds(5)));
        assertEquals(Duration.ZERO, live.policyAge(), "a confirmation stamped slightly ahead is not negative");
    }

    @Test
    void recordingFromManyThreadsLosesNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8000; i++) {
            pool.execute(() -> metrics.record(Operation.SERVER_INFO, Workload.FCI, 200, ms(7), ms(2)));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        String text = metrics.scrape();
        String l = "operation=\"server_info\",workload=\"fci\"";
        assertEquals(8000, value(text, "rms_relay_requests_total{" + l + ",status=\"200\"}"));
        assertEquals(8000, value(text, "rms_relay_response_seconds_bucket{" + l + ",le=\"+Inf\"}"));
        assertEquals(8000, value(text, "rms_relay_cloud_seconds_count{" + l + "}"));
    }

    @Test
    void theServletAnswersInTheTextFormat() {
        metrics.record(Operation.PUBLISH, Workload.EXCHANGE, 200, ms(5), ms(1));
        Answer answer = MetricsServlet.answer(metrics);
        assertEquals(200, answer.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.contentType());
        assertEquals("no-store", answer.headers().get("Cache-Control"));
        assertTrue(new String(answer.body(), StandardCharsets.UTF_8).startsWith("# HELP rms_relay_requests_total "));
    }

    // --- helpers

    /** Each series' buckets never decrease, and its +Inf bucket equals its _count. */
    private static void assertBucketsCumulative(String text) {
        Map<String, Double> last = new java.util.HashMap<>();
        Pattern bucket = Pattern.compile("(\\w+)_bucket\\{(.*),le=\"([^\"]+)\"\\} (\\S+)");
        for (String line : text.split("\n")) {
            Matcher m = bucket.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String series = m.group(1) + "{" + m.group(2) + "}";
            double v = Double.parseDouble(m.group(4));
            assertTrue(v >= last.getOrDefault(series, 0.0), "cumulative: " + line);
            last.put(series, v);
            if ("+Inf".equals(m.group(3))) {
                assertEquals(value(text, m.group(1) + "_count{" + m.group(2) + "}"), v, "+Inf == count: " + line);
            }
        }
        assertFalse(last.isEmpty());
    }

    private static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no sample " + series + " in\n" + text);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static AuthorizationService policyUpdated(Optional<Instant> updated) {
        return new AuthorizationService() {
            @Override
            public Optional<Authorization> authorize(Caller caller) {
                return Optional.empty();
            }

            @Override
            public long policyVersion() {
                return 1;
            }

            @Override
            public Optional<Instant> policyUpdated() {
                return updated;
            }
        };
    }
}
