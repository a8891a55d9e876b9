package org.rmsconnector.transport.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.protocol.ActorAssertion;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.SignedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the authorized-servers list current on its own thread (F5):
 * <ol>
 * <li>obtains the connector's credentials: loads them, registers when configured to, or waits for them to appear
 * (written by a tool, or {@linkplain #offer offered} by an administrator's registration), saying in the log how to
 * register;</li>
 * <li>fetches the whole list ({@code changes?since=0&waitSeconds=0}: a connector may read only the change feed);
 * when the cloud cannot be reached and no list is in force, falls back to the last-known-good copy on disk, if it
 * verifies;</li>
 * <li>then follows the change feed, {@code GET /_wmcs/admin/authorized-servers/changes?since=N&waitSeconds=W}, a
 * long-poll the cloud answers as soon as the list changes, authenticated as the connector itself (an actor
 * assertion without entry and role); fetches the whole list again every refresh period; pauses with growing,
 * jittered intervals while the cloud is down.</li>
 * </ol>
 * Every answer must carry the list signed by the tenant, and is believed only when that signature verifies with
 * the pinned tenant key; the entries come from the signed document, never from the unsigned JSON beside it. Each
 * new version is written to disk, handed to the {@code changed} consumer and announced (1004; 2003 when empty).
 * Failures are announced as 3001, once when they start and then at most once per refresh period.
 */
final class PolicySync implements Runnable {

    static final String CHANGES_PATH = "/_wmcs/admin/authorized-servers/changes";
    /** How often to look for credentials that an operator or a tool writes while this node waits. */
    static final Duration CREDENTIALS_POLL = Duration.ofSeconds(5);
    static final String HOW_TO_REGISTER = "this node is not registered with the cloud service yet: no connector"
            + " credentials in %s. To register it, set registration.user (a connector administrator of the tenant)"
            + " and registration.password.file (a file holding that user's password) in the configuration "
            + TransportSettings.PID + " (etc/" + TransportSettings.PID + ".cfg); this node registers itself and"
            + " starts syncing. Until then every forwarded call fails with 503.";
    private static final Logger LOG = LoggerFactory.getLogger(PolicySync.class);

    /** Registers this node; {@link IOException} means "try again later". */
    @FunctionalInterface
    interface Registrar {
        ConnectorCredentials register() throws IOException, InterruptedException;
    }

    private final CloudHttp http;
    private final URI base;
    private final ConnectorCredentialStore store;
    private final Registrar registrar;
    private final Consumer<ConnectorCredentials> credentialsFound;
    private final PolicyCache cache;
    private final EventSink events;
    private final Consumer<AuthorizationPolicy> changed;
    private final Duration wait;
    private final Duration refresh;
    private final Duration requestTimeout;
    private final Backoff pauses;
    private final Clock clock;
    private final DoubleSupplier random;
    private final CloudContact contact;
    private final Object offerLock = new Object();
    private ConnectorCredentials offered; // guarded by offerLock

    private volatile ConnectorCredentials credentials;
    private volatile AuthorizationPolicy current;
    private volatile boolean stopped;
    private volatile Thread thread;
    private Instant lastFailureEvent;

    /**
     * @param credentials      credentials already loaded, or null to obtain them first
     * @param registrar        registers this node, or null when not configured to
     * @param credentialsFound told when credentials were obtained on this thread
     * @param changed          told of every new version (on this thread; must return quickly)
     * @param contact          told how each request went, for the status page
     */
    PolicySync(CloudHttp http, ConnectorCredentialStore store, ConnectorCredentials credentials,
            Registrar registrar, Consumer<ConnectorCredentials> credentialsFound, PolicyCache cache, EventSink events,
            Consumer<AuthorizationPolicy> changed, Duration wait, Duration refresh, Duration requestTimeout,
            Duration backoffMax, Clock clock, DoubleSupplier random, CloudContact contact) {
        this.http = http;
        this.base = http.base();
        this.store = store;
        this.credentials = credentials;
        this.registrar = registrar;
        this.credentialsFound = credentialsFound;
        this.cache = cache;
        this.events = events;
        this.changed = changed;
        this.wait = wait;
        this.refresh = refresh;
        this.requestTimeout = requestTimeout;
        this.pauses = new Backoff(1, HttpClients.min(Duration.ofSeconds(1), backoffMax), backoffMax);
        this.clock = clock;
        this.random = random;
        this.contact = contact;
    }

    /** The list in force, if any. */
    Optional<AuthorizationPolicy> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Hands over credentials registered while this sync waits for some (an administrator registered the node through
     * the console): it starts syncing at once instead of at its next look at the credentials directory. Ignored once
     * the sync has credentials.
     */
    void offer(ConnectorCredentials c) {
        synchronized (offerLock) {
            offered = c;
            offerLock.notifyAll();
        }
    }

    /** Starts the sync thread. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Thread t = new Thread(this, "rms-policy-sync");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stops the sync thread: interrupts whatever it waits for (a long-poll included) and waits for it to end.
     *
     * @return whether it ended within {@code timeout}
     */
    boolean stop(Duration timeout) throws InterruptedException {
        stopped = true;
        Thread t = thread;
        if (t == null) {
            return true;
        }
        t.interrupt();
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }

    @Override
    public void run() {
        try {
            ConnectorCredentials creds = credentials != null ? credentials : awaitCredentials();
            if (creds == null) {
                return;
            }
            sync(creds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the authorized-servers sync stopped unexpectedly", e);
            events.post(ConnectorEvent.UNHANDLED_EXCEPTION, "the authorized-servers sync stopped: " + e,
                    Map.of());
        } finally {
            LOG.debug("authorized-servers sync ended");
        }
    }

    // ---- credentials ------------------------------------------------------------------------------------------

    private ConnectorCredentials awaitCredentials() throws InterruptedException {
        boolean told = false;
        boolean registrationRefused = false;
        String lastProblem = null;
        int failures = 0;
        while (!stopped) {
            Duration pause = CREDENTIALS_POLL;
            ConnectorCredentials handed = offered();
            if (handed != null) {
                LOG.info("connector credentials registered by an administrator: {}", handed);
                return found(handed);
            }
            try {
                Optional<ConnectorCredentials> loaded = store.load();
                if (loaded.isPresent()) {
                    LOG.info("connector credentials appeared in {}: {}", store.file(), loaded.get());
                    return found(loaded.get());
                }
                if (registrar != null && !registrationRefused) {
                    try {
                        return found(registrar.register());
                    } catch (ConnectorRegistration.RegistrationException e) {
                        registrationRefused = true;
                        LOG.error("registration of this node was refused: {}. Correct registration.user /"
                                + " registration.password.file in {} (the node then tries again), or register it"
                                + " another way.", e.getMessage(), TransportSettings.PID);
                    } catch (IOException e) {
                        failures++;
                        pause = pauses.delay(failures, random);
                        LOG.warn("cannot register this node with {} yet ({}); trying again in {} s", base,
                                HttpCloudTransport.describe(e), Math.max(1, pause.toSeconds()));
                    }
                } else if (!told) {
                    told = true;
                    LOG.warn(String.format(Locale.ROOT, HOW_TO_REGISTER, store.directory()));
                }
            } catch (ConnectorCredentialStore.CredentialsException e) {
                if (!e.getMessage().equals(lastProblem)) {
                    lastProblem = e.getMessage();
                    LOG.error("{}", e.getMessage());
                }
            }
            pauseUnlessOffered(pause);
        }
        return null;
    }

    private ConnectorCredentials offered() {
        synchronized (offerLock) {
            return offered;
        }
    }

    private void pauseUnlessOffered(Duration pause) throws InterruptedException {
        long end = System.nanoTime() + Math.max(1, pause.toNanos());
        synchronized (offerLock) {
            long left;
            while (offered == null && (left = end - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(offerLock, left);
            }
        }
    }

    private ConnectorCredentials found(ConnectorCredentials c) {
        credentials = c;
        credentialsFound.accept(c);
        return c;
    }

    // ---- the list ---------------------------------------------------------------------------------------------

    private void sync(ConnectorCredentials creds) throws InterruptedException {
        boolean triedCache = false;
        Instant nextFull = Instant.MIN;
        int failures = 0;
        while (!stopped) {
            try {
                AuthorizationPolicy now = current;
                if (now == null || now.fromCache() || !clock.instant().isBefore(nextFull)) {
                    apply(fetch(creds, 0, Duration.ZERO), creds);
                    nextFull = clock.instant().plus(refresh);
                } else {
                    apply(fetch(creds, now.version(), wait), creds);
                }
                if (failures > 0) {
                    LOG.info("the authorized-servers list is in sync with the cloud again (version {})",
                            current.version());
                }
                failures = 0;
                lastFailureEvent = null;
            } catch (SyncException | RuntimeException e) {
                failures++;
                if (e instanceof RuntimeException) {
                    // a bug, not an outage: say so loudly, but keep the list in sync rather than stop for good
                    LOG.error("unexpected failure in the authorized-servers sync", e);
                }
                failed(e instanceof SyncException ? e.getMessage() : e.toString());
                if (current == null && !triedCache) {
                    triedCache = true;
                    useCache(creds);
                }
                Duration pause = pauses.delay(Math.min(failures, 30), random);
                LOG.debug("next authorized-servers sync in {} ms", pause.toMillis());
                Thread.sleep(Math.max(1, pause.toMillis()));
            }
        }
    }

    /** One change-feed request; {@code waitFor} zero is a plain read of the whole list. */
    private Map<String, Object> fetch(ConnectorCredentials c, long since, Duration waitFor)
            throws SyncException, InterruptedException {
        String requestId = "policy-" + Keys.newRandomId();
        String auth;
        try {
            auth = ActorAssertion.issue(ActorAssertion.Claims.ofConnector(c.connectorId(), requestId), c.privateKey(),
                    c.kid(), clock.instant()).authorizationHeader();
        } catch (ProtocolException e) {
            throw new SyncException("cannot sign the connector's assertion: " + e.getMessage());
        }
        HttpRequest request = http.request(CHANGES_PATH + "?since=" + since + "&waitSeconds=" + waitFor.toSeconds())
                .timeout(requestTimeout.plus(waitFor))
                .header("Authorization", auth)
                .header("X-Request-Id", requestId)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.client().send(request, LimitedBody.handler(LimitedBody.DEFAULT_MAX));
        } catch (IOException e) {
            String message = "cannot reach the cloud service at " + base + ": " + HttpCloudTransport.describe(e);
            contact.noAnswer(clock.instant(), message);
            throw new SyncException(message);
        }
        // a proxy that refuses the tunnel leaves no body at all
        String body = response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() == CloudHttp.PROXY_AUTHENTICATION_REQUIRED) {
            String message = "the outbound proxy refused this node (407): check proxy.user and .proxy.password";
            contact.noAnswer(clock.instant(), message);
            throw new SyncException(message);
        }
        if (response.statusCode() != 200) {
            String message = "the cloud service answered the change feed with HTTP " + response.statusCode() + ": "
                    + abbreviate(body);
            contact.answered(clock.instant(), message);
            throw new SyncException(message);
        }
        contact.answered(clock.instant());
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new SyncException("the cloud's change-feed answer is not JSON: " + e.getMessage());
        }
    }

    private void apply(Map<String, Object> answer, ConnectorCredentials c) throws SyncException {
        Object signed = answer.get("signed");
        if (!(signed instanceof String compact)) {
            throw new SyncException("the cloud's answer carries no signed list (\"signed\"): this connector only"
                    + " accepts a list signed by the tenant");
        }
        SignedPolicy policy;
        try {
            policy = SignedPolicy.verify(compact, c.tenantKey().publicKey());
        } catch (ProtocolException e) {
            throw new SyncException("the cloud's signed list does not verify with the pinned tenant key "
                    + c.tenantKey().kid() + " (" + e.reason() + "): " + e.getMessage());
        }
        if (!(answer.get("version") instanceof Number v) || v.longValue() != policy.version()) {
            throw new SyncException("the signed list's version " + policy.version() + " is not the answer's version "
                    + answer.get("version"));
        }
        AuthorizationPolicy now = current;
        Instant confirmed = clock.instant();
        List<AuthorizedServer> entries = toEntries(policy);
        if (now != null && !now.fromCache() && now.version() == policy.version() && now.entries().equals(entries)) {
            // still current (possibly signed again, e.g. after a cloud restart): nothing new to tell
            current = new AuthorizationPolicy(now.version(), now.entries(), now.signedDocument(), confirmed, false);
            return;
        }
        try {
            cache.write(policy);
        } catch (IOException e) {
            LOG.warn("cannot write the last-known-good list to {}: {}", cache.file(), e.toString());
        }
        publish(new AuthorizationPolicy(policy.version(), entries, policy.compact(), confirmed, false));
    }

    private void useCache(ConnectorCredentials c) {
        try {
            Optional<SignedPolicy> cached = cache.read(c.tenantKey().publicKey());
            if (cached.isEmpty()) {
                LOG.warn("no last-known-good authorized-servers list in {}: until the cloud is reached, this node"
                        + " authorizes nobody", cache.file());
                return;
            }
            SignedPolicy p = cached.get();
            LOG.warn("the cloud cannot be reached: using the last-known-good authorized-servers list (version {},"
                    + " signed {}) from {}", p.version(), p.issuedAt(), cache.file());
            publish(new AuthorizationPolicy(p.version(), toEntries(p), p.compact(), p.issuedAt(), true));
        } catch (ProtocolException e) {
            String message = "the last-known-good authorized-servers list " + cache.file() + " is refused ("
                    + e.reason() + "): " + e.getMessage() + "; it was altered or signed by another tenant key";
            LOG.error(message);
            events.post(ConnectorEvent.POLICY_DOWNLOAD_FAILED, message,
                    Map.of("file", cache.file().toString(), "reason", e.reason().name()));
        } catch (IOException e) {
            String message = "cannot read the last-known-good authorized-servers list " + cache.file() + ": " + e;
            LOG.error(message);
            events.post(ConnectorEvent.POLICY_DOWNLOAD_FAILED, message, Map.of("file", cache.file().toString()));
        }
    }

    private void publish(AuthorizationPolicy p) {
        current = p;
        String list = p.entries().stream()
                .map(e -> e.account() + " (" + e.kind().name().toLowerCase(Locale.ROOT) + ", " + e.role().id() + ")")
                .collect(Collectors.joining(", "));
        LOG.info("authorized-servers list version {}{}: {}", p.version(), p.fromCache() ? " (last-known-good copy)" : "",
                list.isEmpty() ? "empty" : list);
        Map<String, Object> props = new HashMap<>();
        props.put("version", p.version());
        props.put("count", p.entries().size());
        props.put("entries", list);
        props.put("fromCache", p.fromCache());
        events.post(ConnectorEvent.POLICY_UPDATED, "the authorized-servers list is now version " + p.version()
                + " with " + p.entries().size() + " entries" + (p.fromCache() ? " (last-known-good copy)" : ""), props);
        if (p.entries().isEmpty()) {
            events.post(ConnectorEvent.POLICY_EMPTY, "the authorized-servers list is empty: no server may use this"
                    + " connector", Map.of("version", p.version()));
        }
        try {
            changed.accept(p);
        } catch (RuntimeException e) {
            LOG.error("telling the policy listeners of version {} failed", p.version(), e);
        }
    }

    private void failed(String message) {
        Instant now = clock.instant();
        if (lastFailureEvent == null || !now.isBefore(lastFailureEvent.plus(refresh))) {
            lastFailureEvent = now;
            LOG.error("could not download the authorized-servers list: {}", message);
            events.post(ConnectorEvent.POLICY_DOWNLOAD_FAILED, "could not download the authorized-servers list: "
                    + message, Map.of("cloud", base.toString()));
        } else {
            LOG.debug("could not download the authorized-servers list: {}", message);
        }
    }

    static List<AuthorizedServer> toEntries(SignedPolicy p) {
        List<AuthorizedServer> out = new ArrayList<>(p.entries().size());
        for (SignedPolicy.Entry e : p.entries()) {
            out.add(new AuthorizedServer(e.account(), AuthorizedServer.Kind.valueOf(e.kind().toUpperCase(Locale.ROOT)),
                    workload(e.role())));
        }
        return out;
    }

    private static Workload workload(String id) {
        for (Workload w : Workload.values()) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown role " + id);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    /** A sync attempt failed; the message says why. */
    private static final class SyncException extends Exception {
        private static final long serialVersionUID = 1L;

        SyncException(String message) {
            super(message);
        }
    }
}
