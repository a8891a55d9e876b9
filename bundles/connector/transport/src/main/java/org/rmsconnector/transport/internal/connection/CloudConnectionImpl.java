package org.rmsconnector.transport.internal.connection;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.AdminException.Reason;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rmsconnector.transport.internal.CircuitBreaker;
import org.rmsconnector.transport.internal.CloudChannel;
import org.rmsconnector.transport.internal.CloudContact;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.ProxySettings;
import org.rmsconnector.transport.internal.TransportSettings;
import org.rmsconnector.transport.internal.policy.PolicyComponent;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;
import org.rmsconnector.transport.internal.registration.ConnectorRegistration;

/**
 * The node's connection to the cloud as administrators see and use it, built from the transport's own objects:
 * its client (so the proxy and TLS settings apply), credentials, breaker, policy sync and what the latest calls
 * showed. {@link #status()} only reads; {@link #probe()} calls the cloud now, and probes asked for while one is
 * under way share it. Registration is serialized with the configuration-driven one, so a node never registers
 * twice; its credentials are handed to the running transport at once.
 */
@Component(service = CloudConnection.class, immediate = true)
public final class CloudConnectionImpl implements CloudConnection {

    /** What an administrator does when the credentials must be replaced. */
    public static final String HOW_TO_REREGISTER = "delete %s on this node, restart the transport and register it again";
    private static final Logger LOG = LoggerFactory.getLogger(CloudConnectionImpl.class);
    private static final Duration PROBE_MARGIN = Duration.ofSeconds(2);

    private final TransportSettings settings;
    private final ConnectorIdentity identity;
    private final Supplier<Optional<AuthorizationPolicy>> policy;
    private final CircuitBreaker breaker;
    private final CloudContact contact;
    private final CloudProbe prober;
    private final CloudAdminClient admin;
    private final Clock clock;
    private final AtomicReference<CompletableFuture<CloudProbe.Result>> probing = new AtomicReference<>();
    private volatile CloudProbe.Result lastProbe;

    /**
     * @param identity the owner of the connector's credentials
     * @param policy   the authorized-servers list in force (this bundle's {@link PolicyComponent})
     */
    @Activate
    public CloudConnectionImpl(@Reference CloudChannel channel, @Reference ConnectorIdentity identity,
            @Reference(target = "(component.name=org.rmsconnector.transport.internal.policy.PolicyComponent)")
            PolicySource policy) {
        this.settings = channel.settings();
        this.identity = identity;
        this.policy = policy::current;
        this.breaker = channel.breaker();
        this.contact = channel.contact();
        this.clock = channel.clock();
        this.prober = new CloudProbe(channel.http(), settings.requestTimeout(), clock, System::nanoTime, proxy());
        this.admin = new CloudAdminClient(channel.http(), settings.requestTimeout(), clock, contact);
    }

    /** The status page shows the service URL, TLS version and clock skew without waiting for an administrator. */
    @Activate
    public void start() {
        probeAsync();
    }

    // ---- status and probe -------------------------------------------------------------------------------------

    @Override
    public CloudStatus status() {
        Instant now = clock.instant();
        ConnectorCredentials c = identity.current().orElse(null);
        CloudProbe.Result p = lastProbe;
        Optional<CloudContact.Exchange> last = contact.last();
        CircuitBreaker.State state = breaker.state();
        AuthorizationPolicy list = policy.get().orElse(null);
        Instant expires = c == null ? null : c.registeredAt().plus(settings.credentialsLifetime());
        URI serviceUrl = p != null && p.serviceUrl() != null ? p.serviceUrl() : settings.cloudBase();
        boolean reachable = state != CircuitBreaker.State.OPEN && last.map(CloudContact.Exchange::answered)
                .orElse(false);
        return new CloudStatus(settings.environment(), serviceUrl, reachable, problem(state, last, c, expires, now),
                p == null ? null : p.tlsProtocol(), p == null ? null : p.roundTrip(),
                p == null ? null : p.clockSkew(), proxy(), c != null, c == null ? null : c.connectorId(),
                c == null ? null : c.name(), c == null ? null : c.registeredAt(), expires,
                list == null ? -1 : list.version(), list == null ? null : list.confirmedAt(),
                list != null && list.fromCache(), state.name(), now);
    }

    private String problem(CircuitBreaker.State state, Optional<CloudContact.Exchange> last, ConnectorCredentials c,
            Instant expires, Instant now) {
        String lastProblem = last.map(CloudContact.Exchange::problem).orElse(null);
        if (state == CircuitBreaker.State.OPEN) {
            long seconds = breaker.openFor().map(Duration::toSeconds).orElse(0L);
            return "the cloud failed repeatedly, so the circuit breaker is open: calls fail at once for " + seconds
                    + " s more, then one call probes the cloud" + (lastProblem == null ? "" : " (last: " + lastProblem
                    + ")");
        }
        if (lastProblem != null) {
            return lastProblem;
        }
        if (c == null) {
            return "this node is not registered with the cloud service yet: register it (rmsctl connector register,"
                    + " or registration.user in " + TransportSettings.PID + ")";
        }
        if (!now.isBefore(expires)) {
            return "the connector credentials expired at " + expires + " (credentials.lifetime.days): "
                    + String.format(HOW_TO_REREGISTER, identity.storeFile());
        }
        if (last.isEmpty()) {
            return "the cloud has not been called yet";
        }
        return null;
    }

    @Override
    public CloudStatus probe() {
        Duration bound = settings.connectTimeout().plus(settings.requestTimeout()).plus(PROBE_MARGIN);
        try {
            probeAsync().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the probe's own timeouts end it first; its result (or the one before) is in lastProbe
            LOG.debug("probe of the cloud did not end within {} ms: {}", bound.toMillis(), e.toString());
        }
        return status();
    }

    /** Starts a probe, or joins the one under way; the stage always completes normally. */
    public CompletableFuture<CloudProbe.Result> probeAsync() {
        CompletableFuture<CloudProbe.Result> mine = new CompletableFuture<>();
        CompletableFuture<CloudProbe.Result> running = probing.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        prober.run().whenComplete((r, failure) -> {
            lastProbe = r;
            if (r.reachable()) {
                contact.answered(r.at(), r.problem());
            } else {
                contact.noAnswer(r.at(), r.problem());
            }
            probing.compareAndSet(mine, null);
            mine.complete(r);
        });
        return mine;
    }

    // ---- registration -----------------------------------------------------------------------------------------

    @Override
    public void register(String user, char[] password, String connectorName) throws AdminException {
        if (user == null || user.isBlank()) {
            throw new AdminException(Reason.INVALID, "user is required: a user of the tenant with the"
                    + " connector-admin or global-admin role");
        }
        if (password == null || password.length == 0) {
            throw new AdminException(Reason.INVALID, "password is required");
        }
        String name = connectorName == null || connectorName.isBlank() ? settings.connectorName()
                : connectorName.strip();
        if (name.length() > 200) {
            throw new AdminException(Reason.INVALID, "name must have at most 200 characters");
        }
        try {
            identity.register(user.strip(), password, name);
        } catch (ConnectorIdentity.AlreadyRegistered e) {
            throw new AdminException(Reason.CONFLICT, "this node is already registered" + e.held().map(c -> " as"
                    + " connector '" + c.name() + "' (" + c.connectorId() + ")").orElse("") + "; to register it"
                    + " again, " + String.format(HOW_TO_REREGISTER, identity.storeFile()));
        } catch (ConnectorRegistration.RegistrationException e) {
            throw refused(e);
        } catch (IOException e) {
            throw new AdminException(Reason.UNAVAILABLE, "cannot register with the cloud at "
                    + settings.cloudBase() + ": " + CloudHttp.describe(e) + "; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(Reason.UNAVAILABLE, "the registration was interrupted; try again", e);
        }
    }

    /** The cloud's refusal of a registration, by its status. */
    public static AdminException refused(ConnectorRegistration.RegistrationException e) {
        return switch (e.status()) {
            case 400 -> new AdminException(Reason.INVALID, e.getMessage(), e);
            case 401, 403 -> new AdminException(Reason.REFUSED, e.getMessage(), e);
            case 409 -> new AdminException(Reason.CONFLICT, e.getMessage(), e);
            default -> new AdminException(Reason.UNAVAILABLE, e.getMessage(), e);
        };
    }

    // ---- the cloud's administration ---------------------------------------------------------------------------

    @Override
    public void authorize(AuthorizedServer entry) throws AdminException {
        if (entry == null) {
            throw new AdminException(Reason.INVALID, "an entry (account, kind, role) is required");
        }
        if (entry.account().isBlank()) {
            throw new AdminException(Reason.INVALID, "account must not be blank");
        }
        long version = admin.authorize(registeredCredentials(), entry);
        LOG.info("an administrator authorized {} ({}, {}) through this node: list version {}", entry.account(),
                entry.kind(), entry.role().id(), version);
    }

    @Override
    public void revoke(String account, Workload role) throws AdminException {
        if (account == null || account.isBlank()) {
            throw new AdminException(Reason.INVALID, "account is required");
        }
        if (role == null) {
            throw new AdminException(Reason.INVALID, "role is required (exchange, sharepoint or fci)");
        }
        long version = admin.revoke(registeredCredentials(), account.strip(), role);
        LOG.info("an administrator removed {} ({}) through this node: list version {}", account.strip(), role.id(),
                version);
    }

    @Override
    public List<RegisteredConnector> connectors() throws AdminException {
        return admin.connectors(registeredCredentials());
    }

    private ConnectorCredentials registeredCredentials() throws AdminException {
        return identity.current().orElseThrow(() -> new AdminException(Reason.CONFLICT, "this node is not registered"
                + " with the cloud service yet: register it first"));
    }

    private String proxy() {
        ProxySettings p = settings.proxy();
        return p == null ? null : p.host() + ":" + p.port();
    }
}
