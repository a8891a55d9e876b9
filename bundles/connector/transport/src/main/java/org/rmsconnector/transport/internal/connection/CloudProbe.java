package org.rmsconnector.transport.internal.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLSession;

import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.LimitedBody;
import org.rmsconnector.transport.internal.forwarding.HttpCloudTransport;

/**
 * Asks the cloud for its server information ({@code GET /_wmcs/licensing/server.asmx}, which needs no credentials)
 * over the transport's own client, so through the proxy and with the same TLS settings as every call, and learns
 * from the answer what an administrator needs: whether the cloud answers, the TLS version negotiated, the round
 * trip, the clock skew (from the {@code Date} header) and the tenant's service URL (the licensing URL's scheme,
 * host and port, as on-premises servers must be told it). Never fails: a problem is a result.
 */
public final class CloudProbe {

    /**
     * What one probe found.
     *
     * @param at          when it ended
     * @param reachable   whether the cloud answered the server-information request with 200
     * @param problem     what was wrong, for an administrator, or null
     * @param tlsProtocol the TLS version of the connection that carried it, or null
     * @param roundTrip   from sending to the whole answer, or null without an answer
     * @param clockSkew   the cloud's clock minus ours, or null when the answer had no usable {@code Date}
     * @param serviceUrl  the tenant's service URL from the answer, or null
     */
    public record Result(Instant at, boolean reachable, String problem, String tlsProtocol, Duration roundTrip,
            Duration clockSkew, URI serviceUrl) {
    }

    /** An HTTP {@code Date} has whole seconds: the cloud's clock read somewhere in the second it names. */
    private static final Duration HALF_SECOND = Duration.ofMillis(500);
    private static final int MAX_ANSWER = 64 * 1024;

    private final CloudHttp http;
    private final Duration timeout;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String route;

    /**
     * @param timeout the whole exchange's bound (the transport's request timeout)
     * @param proxy   the proxy as {@code host:port}, named in problems, or null
     */
    public CloudProbe(CloudHttp http, Duration timeout, Clock clock, LongSupplier nanoTime, String proxy) {
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.route = http.base() + (proxy == null ? "" : " through the proxy " + proxy);
    }

    /** Sends one probe; the stage always completes normally. */
    public CompletableFuture<Result> run() {
        try {
            HttpRequest request = http.request(HttpCloudTransport.pathAndQuery(Operation.SERVER_INFO, new byte[0]))
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .header("X-Request-Id", "probe-" + Keys.newRandomId())
                    .GET()
                    .build();
            Instant sentAt = clock.instant();
            long t0 = nanoTime.getAsLong();
            return http.client().sendAsync(request, LimitedBody.handler(MAX_ANSWER))
                    .handle((response, failure) -> failure != null
                            ? failed(CloudHttp.unwrap(failure))
                            : answered(response, sentAt, Duration.ofNanos(nanoTime.getAsLong() - t0)))
                    .exceptionally(this::failed);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(e));
        }
    }

    private Result answered(HttpResponse<byte[]> response, Instant sentAt, Duration roundTrip) {
        Instant receivedAt = clock.instant();
        String tls = response.sslSession().map(SSLSession::getProtocol).orElse(null);
        Duration skew = response.headers().firstValue("Date")
                .flatMap(d -> skew(d, sentAt, receivedAt)).orElse(null);
        int status = response.statusCode();
        if (status == CloudHttp.PROXY_AUTHENTICATION_REQUIRED) {
            return new Result(receivedAt, false, "the outbound proxy refused this node (407): check proxy.user and"
                    + " .proxy.password", null, roundTrip, null, null);
        }
        if (status != 200) {
            return new Result(receivedAt, false, "the cloud at " + route + " answered its server information with"
                    + " HTTP " + status + ": it is not (yet) serving, or cloud.url names something else", tls,
                    roundTrip, skew, null);
        }
        String body = response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
        URI serviceUrl;
        try {
            serviceUrl = serviceUrl(ServerInfo.fromJson(body).licensingUrl());
        } catch (ProtocolException | IllegalArgumentException e) {
            return new Result(receivedAt, true, "the cloud at " + route + " answered, but not with server"
                    + " information (" + e.getMessage() + "): check cloud.url", tls, roundTrip, skew, null);
        }
        return new Result(receivedAt, true, null, tls, roundTrip, skew, serviceUrl);
    }

    private Result failed(Throwable t) {
        return new Result(clock.instant(), false, "cannot reach the cloud at " + route + ": "
                + CloudHttp.describe(t), null, null, null, null);
    }

    /**
     * The cloud's clock minus ours: its {@code Date} (plus half a second, the middle of the second it names) minus
     * the middle of our send and receive times.
     *
     * @return empty when the header is not an RFC 1123 date
     */
    public static Optional<Duration> skew(String date, Instant sentAt, Instant receivedAt) {
        try {
            Instant theirs = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                    .plus(HALF_SECOND);
            Instant ours = sentAt.plus(Duration.between(sentAt, receivedAt).dividedBy(2));
            return Optional.of(Duration.between(ours, theirs));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The scheme, host and port (when the URL names one) of {@code url}, as on-premises servers are told it. */
    public static URI serviceUrl(URI url) {
        if (url.getScheme() == null || url.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL: " + url);
        }
        try {
            return new URI(url.getScheme().toLowerCase(Locale.ROOT), null, url.getHost(), url.getPort(), null, null,
                    null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a usable URL: " + url, e);
        }
    }
}
