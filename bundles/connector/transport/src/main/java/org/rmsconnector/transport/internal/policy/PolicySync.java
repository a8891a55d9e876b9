package org.rmsconnector.transport.internal.policy;

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
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.channel.SignedPolicy;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rmsconnector.transport.internal.Backoff;
import org.rmsconnector.transport.internal.CloudChannel;
import org.rmsconnector.transport.internal.CloudContact;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.EventSink;
import org.rmsconnector.transport.internal.HttpClients;
import org.rmsconnector.transport.internal.LimitedBody;
import org.rmsconnector.transport.internal.TransportSettings;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;

/**
 * Keeps the authorized-servers list current on its own thread (F5):
 * <ol>
 * <li>waits for the connector's credentials ({@link ConnectorIdentity} obtains them);</li>
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
public final class PolicySync implements Runnable {

    public static final String CHANGES_PATH = "/_wmcs/admin/authorized-servers/changes";
    private static final Logger LOG = LoggerFactory.getLogger(PolicySync.class);
    /** Between questions to a cloud that answers 503 {@code starting}: its answer is cheap and soon a real one. */
    static final Duration STARTING_PAUSE = Duration.ofMillis(250);
    /** How long a cloud may answer {@code starting} before that counts as a failure (3001). */
    static final Duration STARTING_PATIENCE = Duration.ofSeconds(60);

    /**
     * How the sync paces itself.
     *
     * @param longPoll       one long-poll's wait
     * @param refresh        the period of full refreshes (and of repeated failure events)
     * @param requestTimeout one request, besides the long-poll's wait
     * @param backoffMax     the longest pause between attempts while the cloud is down
     */
    public record Pacing(Duration longPoll, Duration refresh, Duration requestTimeout, Duration backoffMax) {
        static Pacing of(TransportSettings s) {
            return new Pacing(s.policyWait(), s.policyRefresh(), s.requestTimeout(), s.policyBackoffMax());
        }
    }

    private final CloudHttp http;
    private final URI base;
    private final ConnectorIdentity identity;
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

    private volatile AuthorizationPolicy current;
    private volatile boolean stopped;
    private volatile Thread thread;
    private Instant lastFailureEvent;
    /** Since when the cloud has answered 503 {@code starting} in a row, or null. */
    private Instant startingSince;

    /**
     * @param identity whose credentials the sync waits for, then uses
     * @param changed  told of every new version (on this thread; must return quickly)
     */
    public PolicySync(CloudChannel channel, ConnectorIdentity identity, PolicyCache cache, Pacing pacing,
            Consumer<AuthorizationPolicy> changed, DoubleSupplier random) {
        this.http = channel.http();
        this.base = http.base();
        this.identity = identity;
        this.cache = cache;
        this.events = channel;
        this.changed = changed;
        this.wait = pacing.longPoll();
        this.refresh = pacing.refresh();
        this.requestTimeout = pacing.requestTimeout();
        this.pauses = new Backoff(1, HttpClients.min(Duration.ofSeconds(1), pacing.backoffMax()), pacing.backoffMax());
        this.clock = channel.clock();
        this.random = random;
        this.contact = channel.contact();
    }

    /** The list in force, if any. */
    public Optional<AuthorizationPolicy> current() {
        return Optional.ofNullable(current);
    }

    /** Starts the sync thread. */
    public synchronized void start() {
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
    public boolean stop(Duration timeout) throws InterruptedException {
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
            ConnectorCredentials creds = identity.await();
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
                startingSince = null;
            } catch (SyncException e) {
                if (e.starting && startingPatience(e.getMessage())) {
                    // the cloud beside this node (or one restarting) is up and about to serve: not a failure, and
                    // asked again soon, so the node is ready as soon as the cloud is
                    if (current == null && !triedCache) {
                        triedCache = true;
                        useCache(creds);
                    }
                    Thread.sleep(STARTING_PAUSE.toMillis());
                    continue;
                }
                failures = failedAttempt(e, failures, creds, triedCache);
                triedCache = true;
            } catch (RuntimeException e) {
                failures = failedAttempt(e, failures, creds, triedCache);
                triedCache = true;
            }
        }
    }

    /**
     * Whether a cloud that answers 503 {@code starting} is still given time: for {@link #STARTING_PATIENCE} from
     * the first such answer in a row, logged once at INFO. Past that it counts as a failure like any other.
     */
    private boolean startingPatience(String message) {
        Instant now = clock.instant();
        if (startingSince == null) {
            startingSince = now;
            LOG.info("the cloud service is starting ({}); asking again every {} ms", message,
                    STARTING_PAUSE.toMillis());
        }
        return now.isBefore(startingSince.plus(STARTING_PATIENCE));
    }

    /** One failed attempt: logged and announced ({@link #failed}), the cache tried once, then a pause. */
    private int failedAttempt(Exception e, int failuresBefore, ConnectorCredentials creds, boolean triedCache)
            throws InterruptedException {
        int failures = failuresBefore + 1;
        if (e instanceof RuntimeException) {
            // a bug, not an outage: say so loudly, but keep the list in sync rather than stop for good
            LOG.error("unexpected failure in the authorized-servers sync", e);
        }
        failed(e instanceof SyncException ? e.getMessage() : e.toString(), failures);
        if (current == null && !triedCache) {
            useCache(creds);
        }
        Duration pause = pauses.delay(Math.min(failures, 30), random);
        LOG.debug("next authorized-servers sync in {} ms", pause.toMillis());
        Thread.sleep(Math.max(1, pause.toMillis()));
        return failures;
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
            String message = "cannot reach the cloud service at " + base + ": " + CloudHttp.describe(e);
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
            throw new SyncException(message, response.statusCode() == 503 && body.contains("\"starting\""));
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

    /**
     * Event 3001 and an ERROR for a sync that keeps failing, at most once per refresh interval; a single failure
     * (the cloud restarting, or still starting beside this node) is an INFO line.
     */
    private void failed(String message, int failures) {
        Instant now = clock.instant();
        if (failures < 2) {
            LOG.info("could not download the authorized-servers list ({}); trying again", message);
        } else if (lastFailureEvent == null || !now.isBefore(lastFailureEvent.plus(refresh))) {
            lastFailureEvent = now;
            LOG.error("could not download the authorized-servers list: {}", message);
            events.post(ConnectorEvent.POLICY_DOWNLOAD_FAILED, "could not download the authorized-servers list: "
                    + message, Map.of("cloud", base.toString()));
        } else {
            LOG.debug("could not download the authorized-servers list: {}", message);
        }
    }

    public static List<AuthorizedServer> toEntries(SignedPolicy p) {
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
        /** The cloud answered 503 {@code starting}: up, its endpoints not yet. */
        final boolean starting;

        SyncException(String message) {
            this(message, false);
        }

        SyncException(String message, boolean starting) {
            super(message);
            this.starting = starting;
        }
    }
}
