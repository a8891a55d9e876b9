package org.rmsconnector.transport.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicyListener;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudTransport;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.commons.events.CatalogEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's side of the cloud, as one component offering three services: {@link CloudTransport} (every call
 * the relay forwards), {@link PolicySource} (the authorized-servers list the authorization bundle decides on) and
 * {@link CloudConnection} (the connection as administrators see and use it, see {@link CloudConnectionImpl}). All
 * share one HTTP client, the connector's credentials and the cloud's address.
 *
 * <p>It needs its configuration ({@code .credentials.password} at least), so it waits for one. Activation is quick
 * and fails with a message naming the property for any configuration mistake (a bad URL, a
 * missing password, a wrong credentials password, proxy credentials the JVM would not send). Registration, the
 * first download and the long-poll run on the component's own thread, which deactivation interrupts and joins.
 * A configuration change restarts the component. Policy listeners are called on the component's notifier thread,
 * in order; one registered late is told the list in force at once.
 */
@Component(service = {CloudTransport.class, PolicySource.class, CloudConnection.class},
        configurationPid = TransportSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = TransportConfiguration.class)
public class TransportComponent implements CloudTransport, PolicySource, CloudConnection {

    private static final Logger LOG = LoggerFactory.getLogger(TransportComponent.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final List<PolicyListener> listeners = new CopyOnWriteArrayList<>();
    private final TransportSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService notifier;
    private final HttpCloudTransport transport;
    private final PolicySync sync;
    private final CloudConnectionImpl connection;
    private volatile ConnectorCredentials credentials;

    @Activate
    public TransportComponent(TransportConfiguration config, BundleContext context) {
        this(TransportSettings.from(config, context::getProperty), Clock.systemUTC(), null);
    }

    /**
     * @param events an EventAdmin to use from the start (tests); DS binds its own after the constructor
     */
    TransportComponent(TransportSettings settings, Clock clock, EventAdmin events) {
        this.settings = settings;
        this.eventAdmin = events;
        if (settings.proxy() != null) {
            settings.proxy().checkTunnellingAllowsBasic(ProxySettings.effectiveDisabledSchemes());
        }
        CloudHttp http = new CloudHttp(HttpClients.create(settings, null), settings.cloudBase(),
                settings.proxy() == null ? null : settings.proxy().authorizationHeader());
        ConnectorCredentialStore store = new ConnectorCredentialStore(settings.credentialsDir(),
                settings.credentialsPassword());
        this.credentials = store.load().orElse(null);
        if (credentials != null && !credentials.cloudUrl().equals(settings.cloudBase())) {
            LOG.warn("this node was registered with {} but is configured for {}: the cloud will not know this"
                    + " connector unless both name the same service", credentials.cloudUrl(), settings.cloudBase());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("rms-transport-retry"));
        notifier = Executors.newSingleThreadExecutor(daemon("rms-policy-listeners"));
        CircuitBreaker breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpen(),
                System::nanoTime, new BreakerEvents());
        CloudContact contact = new CloudContact();
        transport = new HttpCloudTransport(http, () -> Optional.ofNullable(credentials),
                breaker, settings.retry(), settings.requestTimeout(), settings.deadline(), scheduler, clock,
                System::nanoTime, () -> ThreadLocalRandom.current().nextDouble(), LimitedBody.DEFAULT_MAX, contact);
        connection = new CloudConnectionImpl(settings, http, store, () -> Optional.ofNullable(credentials),
                this::registered, this::current, breaker, contact, clock);
        PolicySync.Registrar registrar = settings.registrationUser() == null ? null
                : connection::registerFromConfiguration;
        sync = new PolicySync(http, store, credentials, registrar, c -> credentials = c,
                new PolicyCache(settings.credentialsDir()), this::post, this::notifyListeners, settings.policyWait(),
                settings.policyRefresh(), settings.requestTimeout(), settings.policyBackoffMax(), clock,
                () -> ThreadLocalRandom.current().nextDouble(), contact);
        sync.start();
        // the status page shows the service URL, TLS version and clock skew without waiting for an administrator
        connection.probeAsync();
        LOG.info("cloud transport to {} started ({}; credentials {})", settings.cloudBase(), settings,
                credentials == null ? "not yet registered" : credentials.connectorId());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        try {
            if (!sync.stop(STOP_TIMEOUT)) {
                LOG.warn("the authorized-servers sync did not stop within {} s", STOP_TIMEOUT.toSeconds());
            }
        } finally {
            scheduler.shutdownNow();
            notifier.shutdown();
            if (!notifier.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                notifier.shutdownNow();
            }
            Arrays.fill(settings.credentialsPassword(), '\0');
            Arrays.fill(settings.trustStorePassword(), '\0');
            LOG.info("cloud transport to {} stopped", settings.cloudBase());
        }
    }

    // ---- CloudTransport / PolicySource ------------------------------------------------------------------------

    @Override
    public CompletionStage<CloudResponse> forward(CloudRequest request) {
        return transport.forward(request);
    }

    @Override
    public Optional<AuthorizationPolicy> current() {
        return sync.current();
    }

    // ---- policy listeners (whiteboard) ------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = PolicyListener.class)
    void addPolicyListener(PolicyListener listener) {
        listeners.add(listener);
        sync.current().ifPresent(p -> execute(() -> tell(listener, p)));
    }

    void removePolicyListener(PolicyListener listener) {
        listeners.remove(listener);
    }

    private void notifyListeners(AuthorizationPolicy policy) {
        execute(() -> {
            for (PolicyListener l : listeners) {
                tell(l, policy);
            }
        });
    }

    private void execute(Runnable r) {
        try {
            notifier.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("stopping: policy listeners are not told any more");
        }
    }

    private static void tell(PolicyListener l, AuthorizationPolicy p) {
        try {
            l.policyChanged(p);
        } catch (RuntimeException e) {
            LOG.error("policy listener {} failed on version {}", l, p.version(), e);
        }
    }

    // ---- CloudConnection: see CloudConnectionImpl --------------------------------------------------------------

    @Override
    public CloudStatus status() {
        return connection.status();
    }

    @Override
    public CloudStatus probe() {
        return connection.probe();
    }

    @Override
    public void register(String user, char[] password, String connectorName) throws AdminException {
        connection.register(user, password, connectorName);
    }

    @Override
    public void authorize(AuthorizedServer entry) throws AdminException {
        connection.authorize(entry);
    }

    @Override
    public void revoke(String account, Workload role) throws AdminException {
        connection.revoke(account, role);
    }

    @Override
    public List<RegisteredConnector> connectors() throws AdminException {
        return connection.connectors();
    }

    /** Credentials an administrator registered: used from now on, and the waiting sync starts. */
    private void registered(ConnectorCredentials c) {
        credentials = c;
        sync.offer(c);
    }

    // ---- events -----------------------------------------------------------------------------------------------

    void post(ConnectorEvent event, String message, Map<String, Object> properties) {
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

    /** For tests: the transport's breaker. */
    CircuitBreaker breaker() {
        return transport.breaker();
    }

    /** For tests: the credentials in use, if any. */
    Optional<ConnectorCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
