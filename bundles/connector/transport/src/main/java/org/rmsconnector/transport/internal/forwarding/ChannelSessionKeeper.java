package org.rmsconnector.transport.internal.forwarding;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.rmsconnector.channel.ChannelSession;
import org.rmsconnector.protocol.ErrorResponse;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.LimitedBody;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;

/**
 * The connector's channel session with the cloud (docs/protocol.md §3.x.1): opened once with one signature, renewed in
 * the background before it expires, so forwarded calls carry actor assertions MACed with the session key instead of
 * a private-key signature each.
 *
 * <p>Opening: a fresh random 256-bit key, wrapped for the pinned tenant key inside a PS256-signed session assertion,
 * {@code POST /_wmcs/admin/connectors/session}; the cloud answers the session id and expiry. One call opens it while
 * the others wait (it is short: one signature, one round trip). When opening fails (the cloud unreachable, or a cloud
 * without sessions), calls go out with the signed form, and opening is tried again {@link #RETRY_AFTER_FAILURE}
 * later. A session the cloud no longer knows ({@code session_unknown}, e.g. after its restart) is
 * {@linkplain #forget forgotten}, and the next call opens another.
 *
 * <p>The key lives only in this object's memory: never logged, handed to callers only as a copy they wipe, and
 * wiped here when the session is replaced or the keeper stops. Thread-safe.
 */
public final class ChannelSessionKeeper {

    public static final String PATH = "/_wmcs/admin/connectors/session";
    /** How long a session is asked for: the longest the protocol allows. */
    public static final Duration LIFETIME = ChannelSession.MAX_LIFETIME;
    /** Renewal starts this long before expiry. */
    public static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    /** A session this close to its expiry is not used for a new call. */
    public static final Duration MARGIN = Duration.ofMinutes(1);
    /** After a failed opening, calls use the signed form for this long before opening is tried again. */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSessionKeeper.class);

    /** An open session. {@link #macKey()} is a copy: the holder wipes it after use. */
    public static final class Session {
        private final String connectorId;
        private final String id;
        private final byte[] key;
        private final Instant expiresAt;

        Session(String connectorId, String id, byte[] key, Instant expiresAt) {
            this.connectorId = connectorId;
            this.id = id;
            this.key = key;
            this.expiresAt = expiresAt;
        }

        String id() {
            return id;
        }

        Instant expiresAt() {
            return expiresAt;
        }

        byte[] macKey() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "Session[" + id + ", until " + expiresAt + "]"; // never the key
        }
    }

    private final CloudHttp http;
    private final Supplier<Optional<ConnectorCredentials>> credentials;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final Object lock = new Object();
    private Session current; // guarded by lock
    private Instant failedAt; // guarded by lock
    private ScheduledFuture<?> renewal; // guarded by lock
    private boolean stopped; // guarded by lock

    /**
     * @param scheduler when to renew
     * @param executor  where renewal runs (a blocking call: never on the scheduler's only thread)
     */
    public ChannelSessionKeeper(CloudHttp http, Supplier<Optional<ConnectorCredentials>> credentials, Duration timeout,
            Clock clock, ScheduledExecutorService scheduler, Executor executor) {
        this.http = http;
        this.credentials = credentials;
        this.timeout = timeout;
        this.clock = clock;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /**
     * A session usable now for {@code c}, opened when there is none (blocking, one opening at a time); empty when
     * none could be opened lately: then the call uses the signed form.
     */
    public Optional<Session> session(ConnectorCredentials c) {
        synchronized (lock) {
            Instant now = clock.instant();
            if (current != null && current.connectorId.equals(c.connectorId())
                    && now.isBefore(current.expiresAt.minus(MARGIN))) {
                return Optional.of(current);
            }
            if (stopped || failedAt != null && now.isBefore(failedAt.plus(RETRY_AFTER_FAILURE))) {
                return Optional.empty();
            }
            return Optional.ofNullable(open(c, now));
        }
    }

    /** The cloud does not know {@code s} (any more): the next call opens another. */
    public void forget(Session s) {
        synchronized (lock) {
            if (current == s) {
                LOG.info("the cloud no longer knows channel session {}: opening another", s.id);
                replace(null);
                failedAt = null;
            }
        }
    }

    /** Ends renewal and wipes the key. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            if (renewal != null) {
                renewal.cancel(false);
            }
            replace(null);
        }
    }

    private Session open(ConnectorCredentials c, Instant now) {
        byte[] key = ChannelSession.newKey();
        boolean kept = false;
        try {
            ChannelSession assertion = ChannelSession.issue(c.connectorId(), key, c.tenantKey().publicKey(),
                    c.privateKey(), c.kid(), now, LIFETIME);
            HttpRequest request = http.request(PATH)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("X-Request-Id", "session-" + Keys.newRandomId())
                    .POST(HttpRequest.BodyPublishers.ofString(assertion.requestJson()))
                    .build();
            HttpResponse<byte[]> response = http.client().send(request, LimitedBody.handler(64 * 1024));
            String body = response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() != 200) {
                return failed(now, "the cloud answered HTTP " + response.statusCode() + " " + code(body));
            }
            ChannelSession.Grant grant = ChannelSession.Grant.fromJson(body);
            Instant expires = grant.expiresAt().isBefore(assertion.expiresAt()) ? grant.expiresAt()
                    : assertion.expiresAt();
            Session s = new Session(c.connectorId(), grant.sessionId(), key, expires);
            kept = true;
            replace(s);
            failedAt = null;
            scheduleRenewal(s);
            LOG.info("channel session {} with the cloud open until {}", s.id, expires);
            return s;
        } catch (IOException | RuntimeException e) {
            return failed(now, CloudHttp.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (!kept) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private Session failed(Instant now, String why) {
        failedAt = now;
        LOG.warn("cannot open a channel session with the cloud ({}): forwarded calls are signed one by one until"
                + " it can be opened (next try in {} s)", why, RETRY_AFTER_FAILURE.toSeconds());
        return null;
    }

    private void scheduleRenewal(Session s) {
        if (renewal != null) {
            renewal.cancel(false);
        }
        long delay = Math.max(1, Duration.between(clock.instant(), s.expiresAt.minus(RENEW_BEFORE)).toMillis());
        try {
            renewal = scheduler.schedule(() -> executor.execute(this::renew), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("stopping: no renewal of channel session {}", s.id);
        }
    }

    private void renew() {
        Optional<ConnectorCredentials> c = credentials.get();
        synchronized (lock) {
            if (!stopped && c.isPresent()) {
                open(c.get(), clock.instant());
            }
        }
    }

    /** Makes {@code next} current and wipes the key of the session it replaces. */
    private void replace(Session next) {
        Session previous = current;
        current = next;
        if (previous != null && previous != next) {
            Arrays.fill(previous.key, (byte) 0);
        }
    }

    /** The error code of a refusal, for the log. */
    public static String code(String body) {
        try {
            return ErrorResponse.fromJson(body).code();
        } catch (ProtocolException | RuntimeException e) {
            return "";
        }
    }
}
