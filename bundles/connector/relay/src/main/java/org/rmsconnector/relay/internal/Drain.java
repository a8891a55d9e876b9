package org.rmsconnector.relay.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.node.NodeDrain;
import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.events.CatalogEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the node out of rotation before it stops, so a balancer in front never sees a failed request.
 *
 * <p>On SIGTERM (a service manager's stop, {@code kill}, Ctrl-C is SIGINT and stops at once):
 * <ol>
 * <li>drain at once: {@code /health} and the verification page answer 503 ({@link Readiness}), every relayed answer
 * carries {@code Connection: close}, event 4040;</li>
 * <li>keep serving for {@code drain.seconds}, long enough for a balancer that probes every second to take the node
 * out (HAProxy {@code inter 1s fall 2} needs 2 s; the default is 5);</li>
 * <li>wait for the requests still in flight, at most {@code request.timeout.ms};</li>
 * <li>hand the signal to the JVM, whose shutdown hook stops the framework: only then do the servlets go away, so
 * no request that was accepted is answered 404 or 500.</li>
 * </ol>
 * A second SIGTERM while draining stops at once. An administrator drains and resumes through {@link NodeDrain}
 * ({@code POST/DELETE /admin/api/drain}); that drain does not stop the node.
 */
@Component(service = {Drain.class, NodeDrain.class}, configurationPid = RelayServlet.PID)
public class Drain implements NodeDrain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final String nodeProperty;
    private volatile Instant since;
    private volatile String reason = "";
    private volatile Duration period;
    private volatile Duration inFlightLimit;
    private volatile String node;
    private volatile boolean active = true;
    private volatile Optional<TermSignal> signal = Optional.empty();

    /** Takes over SIGTERM (unless {@code drain.on.sigterm=false}) until deactivated. */
    @Activate
    public Drain(RelayConfiguration config, BundleContext context) {
        this(config, context.getProperty(NodeName.PROPERTY));
        if (config.drain_on_sigterm()) {
            signal = TermSignal.install(this::onTerm);
        }
    }

    /** Never touches the process's signals: for unit tests. */
    Drain(RelayConfiguration config, String nodeProperty) {
        this.nodeProperty = nodeProperty;
        modified(config);
    }

    @Modified
    void modified(RelayConfiguration config) {
        period = Duration.ofSeconds(Math.max(0, config.drain_seconds()));
        inFlightLimit = Duration.ofMillis(Math.max(0, config.request_timeout_ms()));
        node = NodeName.resolve(config.node_name(), nodeProperty);
    }

    @Deactivate
    void stop() {
        active = false;
        signal.ifPresent(TermSignal::restore);
        signal = Optional.empty();
    }

    @Override
    public void drain(String why) {
        startDraining(why == null || why.isBlank() ? "an administrator's drain" : why);
    }

    @Override
    public void resume() {
        if (stopping.get() || since == null) {
            return;
        }
        since = null;
        LOG.info("node {} is back in rotation: /health reports its parts again", node);
        CatalogEvents.post(eventAdmin, ConnectorEvent.NODE_RESUMED, "node " + node + " is back in rotation", node,
                Map.of());
    }

    @Override
    public Optional<Instant> drainingSince() {
        return Optional.ofNullable(since);
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    /** Why the node drains, for {@code /health}; empty when it does not. */
    Optional<String> reason() {
        Instant at = since;
        return at == null ? Optional.empty() : Optional.of(reason + " since " + at);
    }

    boolean draining() {
        return since != null;
    }

    /** A relayed request was accepted; each call is paired with one {@link #answered()}. */
    void accepted() {
        inFlight.incrementAndGet();
    }

    void answered() {
        inFlight.decrementAndGet();
    }

    private void startDraining(String why) {
        synchronized (this) {
            if (since != null) {
                return;
            }
            reason = why;
            since = Instant.now();
        }
        LOG.info("node {} drains ({}): /health answers 503, requests are still served", node, why);
        CatalogEvents.post(eventAdmin, ConnectorEvent.NODE_DRAINING, "node " + node + " is draining: " + why, node,
                Map.of("reason", why, "drainSeconds", period.toSeconds()));
    }

    /** On the JDK's signal thread: drain, serve for the period, let the requests in flight finish, then stop. */
    void onTerm() {
        Optional<TermSignal> term = signal;
        if (!stopping.compareAndSet(false, true)) {
            LOG.info("second SIGTERM: stopping node {} now", node);
            term.ifPresent(TermSignal::passOn);
            return;
        }
        startDraining("SIGTERM: stopping after " + period.toSeconds() + " s");
        try {
            awaitQuiet(period, inFlightLimit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("node {} drained ({} requests still in flight): stopping", node, inFlight.get());
        term.ifPresent(TermSignal::passOn);
    }

    /** Serves for {@code period}, then waits until no request is in flight, at most {@code limit} more. */
    void awaitQuiet(Duration period, Duration limit) throws InterruptedException {
        long drainEnd = System.nanoTime() + period.toNanos();
        while (active && System.nanoTime() < drainEnd) {
            Thread.sleep(Math.max(1, Math.min(100, (drainEnd - System.nanoTime()) / 1_000_000)));
        }
        long quietEnd = System.nanoTime() + limit.toNanos();
        while (active && inFlight.get() > 0 && System.nanoTime() < quietEnd) {
            Thread.sleep(20);
        }
    }
}
