package org.rmsconnector.tls.refusals.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.admin.HandshakeRefusals;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.events.CatalogEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every refused client certificate by reason (what {@code /metrics} shows) and turns refusals into events
 * 4020, limited by a {@link RefusalThrottle}: the first of a certificate and reason at once, the rest of its interval
 * in one summary when the interval ends. The summaries are written by a sweeper thread started with the first
 * refusal, so a node nobody knocks at runs no thread for this.
 */
@Component(service = {HandshakeRefusals.class, RefusalJournal.class}, configurationPid = RefusalJournal.PID)
@Designate(ocd = RefusalJournalConfiguration.class)
public class RefusalJournal implements HandshakeRefusals, RefusalSink {
    static final String PID = "org.rmsconnector.tls.refusals";
    static final String METRIC = "rms_tls_handshakes_refused_total";
    private static final Logger LOG = LoggerFactory.getLogger(RefusalJournal.class);
    private static final ConnectorEvent EVENT = ConnectorEvent.TLS_HANDSHAKE_REFUSED;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final Clock clock;
    private final String node;
    private final Map<RefusalReason, LongAdder> counts = new EnumMap<>(RefusalReason.class);
    private volatile RefusalThrottle throttle;
    /** Guarded by this; started with the first refusal, stopped on deactivation. */
    private ScheduledExecutorService sweeper;
    /** Guarded by this: deactivated, so no sweeper is started again by a late refusal. */
    private boolean stopped;

    @Activate
    public RefusalJournal(BundleContext context, RefusalJournalConfiguration config) {
        this(Clock.systemUTC(), NodeName.resolve(null, context.getProperty(NodeName.PROPERTY)), config);
    }

    RefusalJournal(Clock clock, String node, RefusalJournalConfiguration config) {
        this.clock = clock;
        this.node = node;
        for (RefusalReason reason : RefusalReason.values()) {
            counts.put(reason, new LongAdder());
        }
        this.throttle = throttle(config);
    }

    @Modified
    void modified(RefusalJournalConfiguration config) {
        RefusalThrottle previous = throttle;
        throttle = throttle(config);
        publish(previous.drain(clock.instant()));
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            stopped = true;
            if (sweeper != null) {
                sweeper.shutdownNow();
                sweeper = null;
            }
        }
        publish(throttle.drain(clock.instant()));
    }

    @Override
    public void refused(Refusal refusal) {
        counts.get(refusal.reason()).increment();
        LOG.debug("refused client certificate {} from {} on {}: {}", refusal.subject(), refusal.peer(),
                refusal.listener(), refusal.detail());
        RefusalThrottle t = throttle;
        if (t.admit(refusal, clock.instant())) {
            post(properties(refusal), "refused the client certificate of " + refusal.peer() + " on "
                    + refusal.listener() + ": " + refusal.reason().description());
        }
        if (!t.idle()) {
            startSweeper(t.interval());
        }
    }

    @Override
    public Map<String, Long> refusedByReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((reason, count) -> out.put(reason.label(), count.sum()));
        return out;
    }

    /** Publishes the summaries of the intervals that have ended. */
    void sweep() {
        publish(throttle.sweep(clock.instant()));
    }

    private void publish(List<RefusalThrottle.Summary> summaries) {
        for (RefusalThrottle.Summary s : summaries) {
            Map<String, Object> props = new HashMap<>();
            props.put("subject", s.key().subject());
            props.put("issuer", s.key().issuer());
            props.put("reason", s.key().reason().label());
            props.put("suppressed", s.suppressed());
            props.put("since", s.since().toString());
            props.put("peers", String.join(", ", s.peers()) + (s.otherPeers() == 0 ? ""
                    : " and " + s.otherPeers() + (s.otherPeers() >= RefusalThrottle.MAX_COUNTED_PEERS ? " or more"
                            : "") + " other address" + (s.otherPeers() == 1 ? "" : "es")));
            props.put("listener", s.listener());
            String which = RefusalThrottle.OTHERS.equals(s.key().subject())
                    ? "other client certificates (more distinct certificates than tracked per interval)"
                    : "the same client certificate";
            post(props, "refused " + s.suppressed() + " more TLS handshake" + (s.suppressed() == 1 ? "" : "s")
                    + " with " + which + " for the same reason (" + s.key().reason().label() + ") since "
                    + s.since() + "; not reported one by one");
        }
    }

    private static Map<String, Object> properties(Refusal r) {
        Map<String, Object> props = new HashMap<>();
        props.put("subject", r.subject());
        props.put("issuer", r.issuer());
        props.put("serial", r.serial());
        props.put("reason", r.reason().label());
        props.put("peer", r.peer());
        props.put("listener", r.listener());
        props.put("detail", r.detail());
        return props;
    }

    private void post(Map<String, Object> properties, String message) {
        CatalogEvents.post(eventAdmin, EVENT, message, node, properties);
    }

    private synchronized void startSweeper(Duration interval) {
        if (sweeper != null || stopped) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rms-tls-refusals");
            thread.setDaemon(true);
            return thread;
        });
        // a summary comes at most a sixth of the interval (10 s by default) after its interval ends
        long period = Math.max(1000, interval.toMillis() / 6);
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.error("summarizing refused TLS client certificates failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private static RefusalThrottle throttle(RefusalJournalConfiguration config) {
        return new RefusalThrottle(Duration.ofSeconds(Math.max(0, config.event_interval_seconds())),
                config.tracked_certificates_max());
    }
}
