package org.rmsconnector.relay.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.HandshakeRefusals;
import org.rmsconnector.api.admin.RelayStatistics;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.auth.AuthorizationService;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;

/**
 * The relay's metrics, kept in memory and written in the Prometheus text exposition format 0.0.4 by
 * {@link MetricsServlet}. Thread-safe: the relay records from whatever thread completes a request.
 * <ul>
 * <li>{@code rms_relay_requests_total{operation,workload,status}}: counter of answered requests;</li>
 * <li>{@code rms_relay_throttled_total{workload,limit}}: counter of 429s for a server past its limit;</li>
 * <li>{@code rms_relay_processing_seconds{operation,workload}}: histogram of the connector's own time (total minus
 * cloud time);</li>
 * <li>{@code rms_relay_cloud_seconds{operation,workload}}: histogram of the cloud's time, forwarded calls only;</li>
 * <li>{@code rms_relay_response_seconds{operation,workload}}: histogram of the total response time;</li>
 * <li>{@code rms_relay_policy_age_seconds}: gauge, seconds since the authorized-servers list was last confirmed
 * current with the cloud; <b>-1</b> when the authorization service is not running or the list was never
 * confirmed;</li>
 * <li>{@code rms_tls_handshakes_refused_total{reason}}: counter of TLS handshakes the HTTPS listeners refused
 * because of the client certificate, read from the {@link HandshakeRefusals} service when one runs (no samples
 * otherwise).</li>
 * </ul>
 * {@code operation} is the operation's name in lower case ({@code unknown} when the path names none),
 * {@code workload} the role the caller was authorized as, else the declared workload, else {@code none}.
 *
 * <p>The same requests feed the console's {@link RelayStatistics} (counts per workload and outcome, a 10-minute
 * history), kept by {@link TrafficStatistics}.
 */
@Component(service = {RelayMetrics.class, RelayStatistics.class})
public class RelayMetrics implements RelayStatistics {
    static final String REQUESTS = "rms_relay_requests_total";
    static final String PROCESSING = "rms_relay_processing_seconds";
    static final String CLOUD = "rms_relay_cloud_seconds";
    static final String RESPONSE = "rms_relay_response_seconds";
    static final String POLICY_AGE = "rms_relay_policy_age_seconds";
    static final String TLS_REFUSED = "rms_tls_handshakes_refused_total";
    static final String THROTTLED = "rms_relay_throttled_total";
    /** Upper bounds of the histogram buckets, in seconds; {@code +Inf} is implied. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuthorizationService authorization;

    /** Counted by the bundle that watches the TLS handshakes; the relay only writes them out. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HandshakeRefusals handshakeRefusals;

    private final Clock clock;
    private final ConcurrentMap<Labels, LongAdder> requests = new ConcurrentHashMap<>();
    /** Keyed by "workload limit". */
    private final ConcurrentMap<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final ConcurrentMap<Labels, Histogram> processing = new ConcurrentHashMap<>();
    private final ConcurrentMap<Labels, Histogram> cloud = new ConcurrentHashMap<>();
    private final ConcurrentMap<Labels, Histogram> response = new ConcurrentHashMap<>();
    private final TrafficStatistics statistics;

    public RelayMetrics() {
        this(Clock.systemUTC());
    }

    RelayMetrics(Clock clock) {
        this.clock = clock;
        this.statistics = new TrafficStatistics(clock);
    }

    /**
     * Records one answered request.
     *
     * @param operation the operation, or {@code null} when the path named none
     * @param workload the role, else the declared workload, or {@code null}
     * @param total from the request's arrival to its answer
     * @param cloudTime how long the cloud took, or {@code null} when the call was not forwarded
     */
    void record(Operation operation, Workload workload, int status, Duration total, Duration cloudTime) {
        String op = operation == null ? "unknown" : operation.name().toLowerCase(Locale.ROOT);
        String wl = workload == null ? "none" : workload.id();
        requests.computeIfAbsent(new Labels(op, wl, Integer.toString(status)), k -> new LongAdder()).increment();
        Labels timing = new Labels(op, wl, null);
        double totalSeconds = seconds(total);
        double cloudSeconds = cloudTime == null ? 0 : seconds(cloudTime);
        response.computeIfAbsent(timing, k -> new Histogram()).observe(totalSeconds);
        processing.computeIfAbsent(timing, k -> new Histogram()).observe(Math.max(0, totalSeconds - cloudSeconds));
        if (cloudTime != null) {
            cloud.computeIfAbsent(timing, k -> new Histogram()).observe(cloudSeconds);
        }
        statistics.record(workload, status, total);
    }

    @Override
    public Map<Workload, WorkloadTraffic> traffic() {
        return statistics.traffic();
    }

    @Override
    public List<TrafficSample> history() {
        return statistics.history();
    }

    /** The same age as {@link #POLICY_AGE}, read from the authorization service when asked. */
    @Override
    public Duration policyAge() {
        AuthorizationService service = authorization;
        Optional<Instant> updated = service == null ? Optional.empty() : service.policyUpdated();
        return updated.map(at -> {
            Duration age = Duration.between(at, clock.instant());
            return age.isNegative() ? Duration.ZERO : age;
        }).orElse(null);
    }

    /** Seconds since the authorized-servers list was last confirmed current, or -1 when unknown. */
    double policyAgeSeconds() {
        Duration age = policyAge();
        return age == null ? -1.0 : seconds(age);
    }

    /** One request refused with 429 because its server passed its {@code limit} ("concurrency" or "rate"). */
    void throttled(Workload workload, String limit) {
        throttled.computeIfAbsent(workload.id() + " " + limit, k -> new LongAdder()).increment();
    }

    /** Everything, in the Prometheus text exposition format 0.0.4. */
    String scrape() {
        StringBuilder out = new StringBuilder(4096);
        header(out, REQUESTS, "counter", "Requests answered by the relay, by operation, workload and HTTP status.");
        new TreeMap<>(requests).forEach((labels, count) -> {
            out.append(REQUESTS);
            labels(out, "operation", labels.operation, "workload", labels.workload, "status", labels.status);
            out.append(' ').append(count.sum()).append('\n');
        });
        header(out, THROTTLED, "counter", "Requests refused with 429 because their on-premises server passed its"
                + " concurrency or rate limit, by workload and limit.");
        new TreeMap<>(throttled).forEach((key, count) -> {
            String[] parts = key.split(" ", 2);
            out.append(THROTTLED);
            labels(out, "workload", parts[0], "limit", parts[1]);
            out.append(' ').append(count.sum()).append('\n');
        });
        histogram(out, PROCESSING, "Connector processing time (response time minus cloud time), in seconds.",
                processing);
        histogram(out, CLOUD, "Cloud service time of forwarded calls, in seconds.", cloud);
        histogram(out, RESPONSE, "Total response time of the relay, in seconds.", response);
        header(out, POLICY_AGE, "gauge", "Seconds since the authorized-servers list was last confirmed current "
                + "with the cloud; -1 when unknown (no authorization service, or never confirmed).");
        out.append(POLICY_AGE).append(' ').append(number(policyAgeSeconds())).append('\n');
        header(out, TLS_REFUSED, "counter", "TLS handshakes the HTTPS listeners refused because of the client "
                + "certificate (untrusted, expired, not for client authentication, ...), by reason.");
        HandshakeRefusals refusals = handshakeRefusals;
        if (refusals != null) {
            new TreeMap<>(refusals.refusedByReason()).forEach((reason, count) -> {
                out.append(TLS_REFUSED);
                labels(out, "reason", reason);
                out.append(' ').append(count).append('\n');
            });
        }
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, String help, Map<Labels, Histogram> series) {
        header(out, name, "histogram", help);
        new TreeMap<>(series).forEach((labels, histogram) -> {
            Histogram.Snapshot snap = histogram.snapshot();
            long cumulative = 0;
            for (int i = 0; i <= BUCKETS.length; i++) {
                cumulative += snap.counts[i];
                out.append(name).append("_bucket");
                labels(out, "operation", labels.operation, "workload", labels.workload, "le",
                        i < BUCKETS.length ? number(BUCKETS[i]) : "+Inf");
                out.append(' ').append(cumulative).append('\n');
            }
            out.append(name).append("_sum");
            labels(out, "operation", labels.operation, "workload", labels.workload);
            out.append(' ').append(number(snap.sum)).append('\n');
            out.append(name).append("_count");
            labels(out, "operation", labels.operation, "workload", labels.workload);
            out.append(' ').append(cumulative).append('\n');
        });
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** {@code {k1="v1",k2="v2"}} from alternating names and values, the values escaped. */
    private static void labels(StringBuilder out, String... namesAndValues) {
        out.append('{');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append(i == 0 ? "" : ",").append(namesAndValues[i]).append("=\"")
                    .append(escape(namesAndValues[i + 1])).append('"');
        }
        out.append('}');
    }

    /** A label value as the format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.isNaN(value) ? "NaN" : Double.toString(value);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** One series' labels; {@code status} is {@code null} for the histograms. */
    record Labels(String operation, String workload, String status) implements Comparable<Labels> {
        @Override
        public int compareTo(Labels other) {
            int c = operation.compareTo(other.operation);
            if (c == 0) {
                c = workload.compareTo(other.workload);
            }
            if (c == 0 && status != null && other.status != null) {
                c = status.compareTo(other.status);
            }
            return c;
        }
    }

    /** Per-bucket (not cumulative) counts and a sum; one lock so a scrape never sees half an observation. */
    static final class Histogram {
        private final long[] counts = new long[BUCKETS.length + 1];
        private double sum;

        synchronized void observe(double seconds) {
            int i = 0;
            while (i < BUCKETS.length && seconds > BUCKETS[i]) {
                i++;
            }
            counts[i]++;
            sum += seconds;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(counts.clone(), sum);
        }

        record Snapshot(long[] counts, double sum) {
        }
    }
}
