package org.rmsconnector.transport.internal.forwarding;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.api.transport.ActorContext;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudTransport;
import org.rmsconnector.api.transport.CloudUnavailableException;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rmsconnector.transport.internal.Backoff;
import org.rmsconnector.transport.internal.CircuitBreaker;
import org.rmsconnector.transport.internal.CloudContact;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.HttpClients;
import org.rmsconnector.transport.internal.LimitedBody;
import org.rmsconnector.transport.internal.TransportSettings;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;

/**
 * Forwards one call to the cloud: {@code <cloud>/_wmcs<operation path>} with a fresh actor assertion
 * ({@code Authorization: RMS-Actor …}, at most 60 s valid), the relay's request id
 * ({@code X-Request-Id}) and the JSON body. Rights-management operations are POSTs; the two the cloud serves as
 * GET (server information and templates; a template is fetched by the {@code "id"} of a JSON body) are GETs.
 *
 * <p>No thread waits for the cloud: each attempt is sent with {@code HttpClient.sendAsync}, the client's selector
 * thread reads the answer, and what follows (the outcome, the caller's stage) runs on one of the component's few
 * call threads ({@link Workers}); pauses between attempts are scheduled. (The JDK hands every {@code sendAsync}
 * answer through the common fork-join pool first; where that pool has one thread, as on 2 cores by default, it
 * starts a thread per answer instead, so the launcher gives the pool at least two: {@code lib/launch.sh}.) Each attempt's actor assertion is MACed under the
 * {@linkplain ChannelSessionKeeper channel session} when one is open (no private-key operation), else signed; a
 * {@code 401 session_unknown} makes the keeper open another session and the attempt go again, once.
 *
 * <p>An idempotent operation is retried after a connection failure, a timeout or a 502/503/504, with {@link Backoff jittered exponential backoff}, as long as the per-call deadline
 * allows; every attempt carries a new assertion (the cloud accepts each {@code jti} once). Every attempt passes
 * the {@link CircuitBreaker}: while it is open, calls fail at once with {@link CloudUnavailableException} and the
 * remaining cool-down as {@code retryAfter}.
 *
 * <p>The cloud's answer is passed back unchanged, except that a 502/503/504 after the last attempt, or a 404 for an
 * endpoint the cloud serves (it is starting or stopping: its listener is up, its endpoints are not), fails with
 * {@link CloudUnavailableException} and the cloud's {@code Retry-After}: the on-premises server gets the relay's
 * own 503, never the cloud's error page. A {@code 401 replayed_assertion} is the JDK client's own resend of an
 * attempt whose connection was lost (each attempt's assertion is fresh): retried like a lost connection, never passed
 * on. {@link CloudResponse#cloudTime()} is the time from the first attempt to
 * the answer, retries included. A call that got no answer fails with {@link CloudUnavailableException}.
 */
public final class HttpCloudTransport implements CloudTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCloudTransport.class);
    /** What to tell callers to wait when the cloud did not answer but the breaker is still closed. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /** What to tell callers to wait while the connector is not registered yet. */
    public static final Duration UNREGISTERED_RETRY_AFTER = Duration.ofSeconds(30);
    /** The cloud's error code for a session it does not hold. */
    public static final String SESSION_UNKNOWN = "session_unknown";
    /** The cloud's error code for an actor assertion it has seen before. */
    public static final String REPLAYED_ASSERTION = "replayed_assertion";
    /** The cloud's error code while its endpoints are not up yet. */
    public static final String STARTING = "starting";
    /** An attempt with less time than this left before the deadline is not started. */
    private static final long MIN_ATTEMPT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * The bounds of one forwarded call.
     *
     * @param retry            attempts and pauses for idempotent operations
     * @param requestTimeout   one attempt
     * @param deadline         the whole call, retries included
     * @param maxResponseBytes the largest answer passed on
     */
    public record Limits(Backoff retry, Duration requestTimeout, Duration deadline, int maxResponseBytes) {
        static Limits of(TransportSettings s) {
            return new Limits(s.retry(), s.requestTimeout(), s.deadline(), LimitedBody.DEFAULT_MAX);
        }
    }

    /**
     * Where a call's work runs.
     *
     * @param scheduler the pauses between attempts
     * @param calls     where each attempt starts and its answer is handled: a few threads, none of them waiting
     *                  for the cloud
     */
    public record Workers(ScheduledExecutorService scheduler, Executor calls) {
    }

    private final CloudHttp http;
    private final Supplier<Optional<ConnectorCredentials>> credentials;
    private final ChannelSessionKeeper sessions;
    private final Executor calls;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final Duration requestTimeout;
    private final Duration deadline;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final int maxResponseBytes;
    private final CloudContact contact;

    /**
     * @param credentials the connector's credentials when registered
     * @param sessions    the channel session that keys actor assertions, or null to sign each one
     * @param workers     owned by the caller, which shuts them down
     * @param random      uniform in [0, 1), for the jitter
     * @param contact     told how each attempt went, for the status page
     */
    public HttpCloudTransport(CloudHttp http, Supplier<Optional<ConnectorCredentials>> credentials,
            ChannelSessionKeeper sessions, CircuitBreaker breaker, Limits limits, Workers workers, Clock clock,
            LongSupplier nanoTime, DoubleSupplier random, CloudContact contact) {
        this.http = http;
        this.credentials = credentials;
        this.sessions = sessions;
        this.calls = workers.calls();
        this.breaker = breaker;
        this.backoff = limits.retry();
        this.requestTimeout = limits.requestTimeout();
        this.deadline = limits.deadline();
        this.scheduler = workers.scheduler();
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.random = random;
        this.maxResponseBytes = limits.maxResponseBytes();
        this.contact = contact;
    }

    @Override
    public CompletionStage<CloudResponse> forward(CloudRequest request) {
        Optional<ConnectorCredentials> creds = credentials.get();
        if (creds.isEmpty()) {
            return CompletableFuture.failedFuture(new CloudUnavailableException("this connector is not registered"
                    + " with the cloud service yet (see the log of " + TransportSettings.PID + ")",
                    UNREGISTERED_RETRY_AFTER, null));
        }
        Call call = new Call(request, creds.get(), nanoTime.getAsLong());
        call.submit(1);
        return call.result;
    }

    /** The HTTP method the cloud serves {@code op} with. */
    public static String method(Operation op) {
        return op == Operation.SERVER_INFO || op == Operation.TEMPLATES ? "GET" : "POST";
    }

    /** The path and query of {@code op}: a GET of one template carries the body's {@code "id"} as its query. */
    public static String pathAndQuery(Operation op, byte[] body) {
        String query = "";
        if (op == Operation.TEMPLATES && body.length > 0) {
            String id = templateId(body);
            if (id != null) {
                query = "?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
            }
        }
        return "/_wmcs" + op.path() + query;
    }

    private static String templateId(byte[] body) {
        try {
            Object id = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8)).get("id");
            return id instanceof String s && !s.isBlank() ? s : null;
        } catch (ParseException e) {
            return null;
        }
    }

    /**
     * The request for one attempt: the actor assertion in the session form when {@code session} is given (MACed,
     * bound to this method, target and body), else signed with the connector key.
     */
    public HttpRequest build(CloudRequest r, ConnectorCredentials c, ChannelSessionKeeper.Session session, Duration timeout)
            throws ProtocolException {
        ActorContext a = r.actor();
        String obo = a.onBehalfOf() == null || a.onBehalfOf().isBlank() ? null : a.onBehalfOf();
        ActorAssertion.Claims claims = new ActorAssertion.Claims(c.connectorId(), a.account(), a.entry(),
                a.role().id(), obo, a.superUser(), r.requestId());
        String method = method(r.operation());
        HttpRequest.Builder b = http.request(pathAndQuery(r.operation(), r.body()));
        ActorAssertion assertion;
        if (session == null) {
            assertion = ActorAssertion.issue(claims, c.privateKey(), c.kid(), clock.instant());
        } else {
            URI uri = b.copy().build().uri();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            byte[] key = session.macKey();
            try {
                assertion = ActorAssertion.issue(claims, session.id(), key, ActorAssertion.Binding.of(method, target,
                        method.equals("GET") ? new byte[0] : r.body()), clock.instant());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        b.timeout(timeout)
                .header("Authorization", assertion.authorizationHeader())
                .header("X-Request-Id", r.requestId())
                .header("Accept", "application/json");
        if (method.equals("GET")) {
            b.GET();
        } else {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).header("Content-Type", "application/json");
        }
        return b.build();
    }

    /** One forwarded call and its attempts. */
    private final class Call {
        final CompletableFuture<CloudResponse> result = new CompletableFuture<>();
        final CloudRequest request;
        final ConnectorCredentials creds;
        final long start;
        final long deadlineAt;

        Call(CloudRequest request, ConnectorCredentials creds, long start) {
            this.request = request;
            this.creds = creds;
            this.start = start;
            this.deadlineAt = start + deadline.toNanos();
        }

        /** Runs attempt {@code n} on a call thread. */
        void submit(int n) {
            try {
                calls.execute(() -> attempt(n, false));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new CloudUnavailableException("the cloud transport is stopping",
                        DEFAULT_RETRY_AFTER, e));
            }
        }

        /** One attempt, blocking this call thread until the answer; {@code resent} after a forgotten session. */
        void attempt(int n, boolean resent) {
            try {
                exchange(n, resent);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private void exchange(int n, boolean resent) {
            Optional<Duration> refused = breaker.tryAcquire();
            if (refused.isPresent()) {
                // the opening was logged and announced once; each refused call is only a debug line
                LOG.debug("[{}] {}: refused, circuit open", request.requestId(), request.operation());
                result.completeExceptionally(new CloudUnavailableException("the cloud service is unavailable"
                        + " (circuit open after repeated failures)", refused.get(), null));
                return;
            }
            long left = deadlineAt - nanoTime.getAsLong();
            if (left < MIN_ATTEMPT_NANOS) {
                breaker.onAbandoned();
                unavailable("no answer from the cloud service within the deadline of " + deadline.toMillis() + " ms",
                        DEFAULT_RETRY_AFTER, null);
                return;
            }
            ChannelSessionKeeper.Session session = sessions == null ? null : sessions.session(creds).orElse(null);
            HttpRequest outgoing;
            try {
                outgoing = build(request, creds, session, HttpClients.min(requestTimeout, Duration.ofNanos(left)));
            } catch (ProtocolException | RuntimeException e) {
                breaker.onAbandoned();
                LOG.error("[{}] cannot prepare the call to the cloud: {}", request.requestId(), e.toString());
                result.completeExceptionally(new IllegalStateException("cannot sign the actor assertion: "
                        + e.getMessage(), e));
                return;
            }
            LOG.debug("[{}] {} {} attempt {}", request.requestId(), outgoing.method(), outgoing.uri(), n);
            // no thread waits for the answer: the client's selector reads it, and what follows runs on a call thread
            http.client().sendAsync(outgoing, LimitedBody.handler(maxResponseBytes))
                    .whenCompleteAsync((response, failure) -> answered(n, resent, session, response, failure), calls);
        }

        /** The answer to attempt {@code n} (or why there is none), on a call thread. */
        private void answered(int n, boolean resent, ChannelSessionKeeper.Session session,
                HttpResponse<byte[]> response, Throwable failure) {
            try {
                if (failure != null) {
                    outcome(n, null, failure);
                } else if (session != null && !resent && sessionUnknown(response)) {
                    // refused before any work was done: open another session and send this request again, once
                    breaker.onSuccess();
                    sessions.forget(session);
                    exchange(n, true);
                } else {
                    outcome(n, response, null);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private void outcome(int n, HttpResponse<byte[]> response, Throwable failure) {
            if (failure != null) {
                Throwable cause = CloudHttp.unwrap(failure);
                if (cause.getCause() instanceof LimitedBody.TooLargeException tooLarge) {
                    cause = tooLarge;
                }
                if (cause instanceof LimitedBody.TooLargeException) {
                    breaker.onSuccess();
                    result.completeExceptionally(new IllegalStateException(cause.getMessage(), cause));
                    return;
                }
                breaker.onFailure();
                contact.noAnswer(clock.instant(), "the cloud service could not be reached: " + CloudHttp.describe(cause));
                if (Backoff.retryableFailure(cause) && retry(n, CloudHttp.describe(cause))) {
                    return;
                }
                unavailable("the cloud service could not be reached: " + CloudHttp.describe(cause), retryAfter(), cause);
                return;
            }
            int status = response.statusCode();
            if (status == CloudHttp.PROXY_AUTHENTICATION_REQUIRED) {
                // the proxy, not the cloud, said no: never pass a 407 on to the on-premises server
                breaker.onFailure();
                String message = "the outbound proxy refused this node (407): check proxy.user and .proxy.password";
                contact.noAnswer(clock.instant(), message);
                unavailable(message, retryAfter(), null);
                return;
            }
            if (replayedAssertion(response)) {
                // every attempt carries a fresh jti, so the second copy the cloud saw was not sent by this class: the
                // JDK's client sends an idempotent request again by itself, same headers, when the connection under
                // it closes before the answer (a cloud node killed behind the load balancer); the next node shares
                // the replay register and rightly refuses it. The cloud answered, and the on-premises server must not
                // get a 401 for a lost connection: try again with a fresh assertion, or 503 when that is not allowed.
                contact.answered(clock.instant());
                breaker.onSuccess();
                String why = "the connection to the cloud was lost and the HTTP client sent the same assertion again";
                if (retry(n, why)) {
                    return;
                }
                unavailable(why + (Backoff.retryable(request.operation()) ? " (no attempt left)"
                        : " (" + request.operation() + " is never sent twice)"), retryAfter(), null);
                return;
            }
            boolean notServing = notServing(response);
            if (notServing) {
                // it answers, so it is not down: starting or stopping, soon over; the breaker is for a cloud that
                // does not answer at all
                contact.noAnswer(clock.instant(), "the cloud service is starting or stopping (HTTP " + status + ")");
                breaker.onAbandoned();
            } else {
                contact.answered(clock.instant());
            }
            if (Backoff.retryableStatus(status) || notServing) {
                if (!notServing) {
                    breaker.onFailure();
                }
                if (retry(n, "HTTP " + status)) {
                    return;
                }
                // never pass the cloud's own 404 or 5xx page on to the on-premises server: the relay's 503 says
                // when to come back
                String why = notServing ? "the cloud service is starting or stopping (HTTP " + status + " for "
                        + request.operation() + ")" : "the cloud service answered HTTP " + status + describe(response);
                unavailable(why, cloudRetryAfter(response), null);
                return;
            }
            breaker.onSuccess();
            Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
            byte[] body = response.body() == null ? new byte[0] : response.body();
            result.complete(new CloudResponse(status, response.headers().firstValue("Content-Type").orElse(null),
                    body, took));
        }

        /** Schedules the next attempt when the operation, the attempt count and the deadline allow it. */
        private boolean retry(int n, String why) {
            if (!Backoff.retryable(request.operation()) || n >= backoff.attempts()) {
                return false;
            }
            Duration pause = backoff.delay(n, random);
            if (nanoTime.getAsLong() + pause.toNanos() + MIN_ATTEMPT_NANOS > deadlineAt) {
                return false;
            }
            LOG.info("[{}] {} failed ({}); attempt {} of {} in {} ms", request.requestId(), request.operation(), why,
                    n + 1, backoff.attempts(), pause.toMillis());
            try {
                scheduler.schedule(() -> submit(n + 1), pause.toNanos(), TimeUnit.NANOSECONDS);
                return true;
            } catch (RejectedExecutionException e) {
                return false; // stopping
            }
        }

        private void unavailable(String message, Duration retryAfter, Throwable cause) {
            LOG.warn("[{}] {}: {}", request.requestId(), request.operation(), message);
            result.completeExceptionally(new CloudUnavailableException(message, retryAfter, cause));
        }
    }

    /**
     * A 404 for an operation the cloud serves means it is not (or no longer) serving: its HTTP listener is up
     * while its endpoints are not (starting or stopping). Only its JSON {@code not_found} for a thing the request
     * names (a template id) is a real answer. Its {@code 503 starting} says the same in so many words.
     */
    static boolean notServing(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status != 404 && status != 503) {
            return false;
        }
        String code = response.body() == null ? "" : ChannelSessionKeeper.code(new String(response.body(),
                StandardCharsets.UTF_8));
        return status == 404 ? !"not_found".equals(code) : STARTING.equals(code);
    }

    private static String describe(HttpResponse<byte[]> response) {
        String code = response.body() == null ? "" : ChannelSessionKeeper.code(new String(response.body(),
                StandardCharsets.UTF_8));
        return code.isEmpty() ? "" : " (" + code + ")";
    }

    /** The cloud's {@code Retry-After} in seconds when it gave one (1 to 300), else the default. */
    private Duration cloudRetryAfter(HttpResponse<byte[]> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isPresent()) {
            try {
                long seconds = Long.parseLong(header.get().trim());
                if (seconds >= 1 && seconds <= 300) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // an HTTP date or garbage: ours instead
            }
        }
        return retryAfter();
    }

    /** The cloud's 401 for an actor assertion it has already accepted once (its jti is in the replay register). */
    static boolean replayedAssertion(HttpResponse<byte[]> response) {
        return response.statusCode() == 401 && response.body() != null && REPLAYED_ASSERTION.equals(
                ChannelSessionKeeper.code(new String(response.body(), StandardCharsets.UTF_8)));
    }

    /** The cloud's 401 for a session it does not hold (expired, or it restarted). */
    public static boolean sessionUnknown(HttpResponse<byte[]> response) {
        return response.statusCode() == 401 && response.body() != null && SESSION_UNKNOWN.equals(
                ChannelSessionKeeper.code(new String(response.body(), StandardCharsets.UTF_8)));
    }

    private Duration retryAfter() {
        return breaker.openFor().filter(d -> !d.isZero()).orElse(DEFAULT_RETRY_AFTER);
    }

    /** For diagnostics and tests. */
    public CircuitBreaker breaker() {
        return breaker;
    }
}
