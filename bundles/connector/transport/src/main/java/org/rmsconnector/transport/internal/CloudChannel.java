package org.rmsconnector.transport.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.events.CatalogEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel to the cloud that the transport's other components share, and the one component that reads the
 * configuration ({@code org.rmsconnector.transport}): the resolved {@link TransportSettings}, the one HTTP client
 * (with the proxy's credentials), the circuit breaker, what the latest exchange showed ({@link CloudContact}), the
 * scheduler for pauses between attempts, and where events go.
 *
 * <p>It holds no connector credentials (the registration package's {@code ConnectorIdentity} owns them) and starts
 * no work of its own; its executors start threads only when given work, and stop when it is deactivated — after
 * every component that uses it, since they all reference it. A configuration change restarts it, and with it the
 * others.
 */
@Component(service = CloudChannel.class, configurationPid = TransportSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TransportConfiguration.class)
public final class CloudChannel implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(CloudChannel.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final TransportSettings settings;
    private final Clock clock;
    private final CloudHttp http;
    private final CircuitBreaker breaker;
    private final CloudContact contact = new CloudContact();
    private final ScheduledThreadPoolExecutor scheduler;

    @Activate
    public CloudChannel(TransportConfiguration config, BundleContext context) {
        this(TransportSettings.from(config, context::getProperty), Clock.systemUTC(), null);
    }

    /**
     * @param events an EventAdmin to use from the start (tests); DS binds its own after the constructor
     */
    public CloudChannel(TransportSettings settings, Clock clock, EventAdmin events) {
        this.settings = settings;
        this.clock = clock;
        this.eventAdmin = events;
        if (settings.proxy() != null) {
            settings.proxy().checkTunnellingAllowsBasic(ProxySettings.effectiveDisabledSchemes());
        }
        // the HTTP client keeps the JDK's own executor: with a bounded one of ours, the test cloud's graceful stop
        // timed out (an HTTP/2 stream the client no longer served); its threads are idle ones, not one per call
        this.http = new CloudHttp(HttpClients.create(settings, null), settings.cloudBase(),
                settings.proxy() == null ? null : settings.proxy().authorizationHeader());
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpen(), System::nanoTime,
                new BreakerEvents());
        // one thread, started on the first scheduled pause, ended at deactivation
        this.scheduler = new ScheduledThreadPoolExecutor(1, Threads.daemon("rms-transport-retry"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        LOG.info("cloud transport to {} ({})", settings.cloudBase(), settings);
    }

    @Deactivate
    public void stop() {
        scheduler.shutdownNow();
        Arrays.fill(settings.credentialsPassword(), '\0');
        Arrays.fill(settings.trustStorePassword(), '\0');
        LOG.info("cloud transport to {} stopped", settings.cloudBase());
    }

    public TransportSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public CloudHttp http() {
        return http;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public CloudContact contact() {
        return contact;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void post(ConnectorEvent event, String message, Map<String, Object> properties) {
        CatalogEvents.post(eventAdmin, event, message, settings.connectorName(), properties);
    }

    private final class BreakerEvents implements CircuitBreaker.Listener {
        @Override
        public void opened(int consecutiveFailures, Duration coolDown) {
            String message = "the cloud service at " + settings.cloudBase() + " failed " + consecutiveFailures
                    + " times in a row: calls fail at once for " + coolDown.toSeconds() + " s, then one call probes it";
            LOG.error(message);
            post(ConnectorEvent.CLOUD_UNAVAILABLE, message, Map.of("cloud", settings.cloudBase().toString(),
                    "failures", consecutiveFailures, "retryAfterSeconds", coolDown.toSeconds()));
        }

        @Override
        public void closed() {
            LOG.info("the cloud service at {} answers again: calls go through", settings.cloudBase());
        }
    }
}
