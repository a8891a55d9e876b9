package org.rmsconnector.client.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishResponse;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateList;

/**
 * The service's API over HTTPS (or HTTP), with {@link HttpClient}: TLS 1.2+, the configured
 * identity (Basic or client certificate), the optional workload declaration, timeouts, a
 * bounded answer size, and every failure turned into an {@link RmsClientException} whose
 * message says what happened and what to do. No automatic retries: the caller sees
 * {@link RmsClientException#retryAfter()} and decides.
 */
public final class HttpCloudApi implements CloudApi {

    /** Paths under the service URL, as in the reference. */
    static final String SERVER_INFO = "/_wmcs/licensing/server.asmx";
    static final String TEMPLATES = "/_wmcs/licensing/templatedistribution.asmx";
    static final String CERTIFY = "/_wmcs/certification/certification.asmx";
    static final String PUBLISH = "/_wmcs/licensing/publish.asmx";
    static final String LICENSE = "/_wmcs/licensing/license.asmx";
    static final String PRELICENSE = "/_wmcs/licensing/prelicense.asmx";
    static final String ADMIN = "/_wmcs/admin/";

    /** The workload declaration header the connector reads. */
    public static final String WORKLOAD_HEADER = "X-RMS-Workload";
    private static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String USER_AGENT = "rms-client/0.1.0";
    // Far above any real answer (a 100-item license batch is ~200 KB), low enough that a broken peer
    // cannot fill memory.
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final String base;
    private final HttpClient http;
    private final String authorization;
    /** With a Kerberos identity: a fresh Negotiate token per request; null otherwise. */
    private final SpnegoTokens kerberos;
    private final String workload;
    private final Duration requestTimeout;

    /** A client of the service in {@code config}, using {@code tls}. */
    HttpCloudApi(ClientConfig config, Tls tls) {
        String url = config.serviceUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        boolean https = "https".equalsIgnoreCase(config.serviceUrl().getScheme());
        SSLParameters params = new SSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .sslContext(tls.context())
                .sslParameters(params)
                // HTTP/2 where TLS can negotiate it; plain HTTP stays 1.1 (no h2c upgrade dance through proxies).
                .version(https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.authorization = config.identity().orElse(null) instanceof ClientConfig.User u ? basic(u) : null;
        this.kerberos = config.identity().orElse(null) instanceof ClientConfig.Kerberos k
                ? new SpnegoTokens(k, config.serviceUrl().getHost()) : null;
        this.workload = config.workload().orElse(null);
        this.requestTimeout = config.requestTimeout();
    }

    private static String basic(ClientConfig.User u) {
        char[] pw = u.password();
        try {
            byte[] raw = (u.upn() + ":" + new String(pw)).getBytes(StandardCharsets.UTF_8);
            return "Basic " + Base64.getEncoder().encodeToString(raw);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    @Override
    public ServerInfo serverInfo() throws RmsClientException {
        return call("GET", SERVER_INFO, null, false, "reading the server information", ServerInfo::fromJson);
    }

    @Override
    public TemplateList templates() throws RmsClientException {
        return call("GET", TEMPLATES, null, true, "listing templates", TemplateList::fromJson);
    }

    @Override
    public CertifyResponse certify(CertifyRequest request) throws RmsClientException {
        return call("POST", CERTIFY, request.toJson(), true, "certifying the client key", CertifyResponse::fromJson);
    }

    @Override
    public PublishResponse publish(PublishRequest request) throws RmsClientException {
        return call("POST", PUBLISH, request.toJson(), true, "publishing", PublishResponse::fromJson);
    }

    @Override
    public PublishResponse publish(PublishRequest request, java.util.Map<String, Object> extensions)
            throws RmsClientException {
        if (extensions.isEmpty()) {
            return publish(request);
        }
        java.util.Map<String, Object> body;
        try {
            body = com.nimbusds.jose.util.JSONObjectUtils.parse(request.toJson());
        } catch (java.text.ParseException e) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "cannot extend the publish request", e);
        }
        body.putAll(extensions);
        return call("POST", PUBLISH, com.nimbusds.jose.util.JSONObjectUtils.toJSONString(body), true, "publishing",
                PublishResponse::fromJson);
    }

    @Override
    public AcquireLicenseResponse acquireLicense(AcquireLicenseRequest request) throws RmsClientException {
        return call("POST", LICENSE, request.toJson(), true, "acquiring a use license",
                AcquireLicenseResponse::fromJson);
    }

    @Override
    public AcquirePreLicenseResponse acquirePreLicense(AcquirePreLicenseRequest request) throws RmsClientException {
        return call("POST", PRELICENSE, request.toJson(), true, "pre-licensing recipients",
                AcquirePreLicenseResponse::fromJson);
    }

    @Override
    public Map<String, Object> admin(String method, String path, String body) throws RmsClientException {
        return call(method, ADMIN + path, body, true, method + " /_wmcs/admin/" + path, json -> {
            try {
                return JSONObjectUtils.parse(json, MAX_ANSWER_BYTES);
            } catch (ParseException e) {
                throw new ProtocolException(org.rmsconnector.protocol.Reason.MALFORMED, "not a JSON object: "
                        + e.getMessage(), e);
            }
        });
    }

    private interface Parser<T> {
        T parse(String json) throws ProtocolException;
    }

    private <T> T call(String method, String path, String body, boolean authenticated, String what, Parser<T> parser)
            throws RmsClientException {
        URI uri = URI.create(base + path);
        String requestId = UUID.randomUUID().toString();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(REQUEST_ID_HEADER, requestId);
        if (authenticated && authorization != null) {
            b.header("Authorization", authorization);
        } else if (authenticated && kerberos != null) {
            b.header("Authorization", kerberos.next());
        }
        if (workload != null) {
            b.header(WORKLOAD_HEADER, workload);
        }
        if (body == null && "GET".equals(method)) {
            b.GET();
        } else if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<InputStream> response;
        String text;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            text = readLimited(response.body(), what, uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RmsClientException(RmsClientException.CANCELLED, what + " was interrupted", e);
        } catch (IOException e) {
            throw transportFailure(e, what, uri);
        }
        String answeredId = response.headers().firstValue(REQUEST_ID_HEADER).orElse(requestId);
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                return parser.parse(text);
            } catch (ProtocolException e) {
                throw new RmsClientException(RmsClientException.BAD_RESPONSE, what + ": the service at " + base
                        + " answered something this client does not understand (" + e.getMessage()
                        + "). Check that the service URL points to an RMS service or connector [request id "
                        + answeredId + "]", e, status, null, answeredId, null);
            }
        }
        throw ServiceErrors.fromAnswer(status, text, response.headers().firstValue("Retry-After").orElse(null),
                answeredId, what, base);
    }

    private static String readLimited(InputStream body, String what, URI uri) throws IOException, RmsClientException {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new RmsClientException(RmsClientException.BAD_RESPONSE, what + ": the answer from " + uri
                        + " is larger than " + MAX_ANSWER_BYTES + " bytes; this is not an RMS service");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private RmsClientException transportFailure(IOException e, String what, URI uri) {
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        if (has(e, SSLHandshakeException.class) || has(e, SSLException.class)) {
            return new RmsClientException(RmsClientException.TLS_FAILURE, what + ": the TLS connection to " + host
                    + " failed (" + rootMessage(e) + "). Either the server's certificate is not trusted (configure a "
                    + "trust store or trust certificate for it), or the server refused the client certificate", e);
        }
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "no connection within the connect timeout";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within the request timeout";
        } else if (has(e, UnresolvedAddressException.class)) {
            why = "the host name does not resolve";
        } else if (has(e, ConnectException.class)) {
            why = "connection refused";
        } else if ("https".equalsIgnoreCase(uri.getScheme())) {
            // With TLS 1.3 a server that refuses our client certificate (or its absence) just closes the connection.
            return new RmsClientException(RmsClientException.SERVICE_UNAVAILABLE, what + ": the connection to " + host
                    + " broke (" + rootMessage(e) + "). If the service or connector demands a client certificate, it "
                    + "closes connections that present none or one it does not accept; otherwise try again later", e);
        } else {
            why = rootMessage(e);
        }
        return new RmsClientException(RmsClientException.SERVICE_UNAVAILABLE, what + ": cannot reach the service at "
                + base + " (" + why + "). Check the service URL and that the service or connector is running", e);
    }

    private static boolean has(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }

    /** Turns a non-2xx answer into an exception; separate so it can be tested without a server. */
    static final class ServiceErrors {

        private ServiceErrors() {
        }

        static RmsClientException fromAnswer(int status, String body, String retryAfterHeader, String requestId,
                String what, String service) {
            String serviceCode = null;
            String message = null;
            try {
                Map<String, Object> json = JSONObjectUtils.parse(body, 64 * 1024);
                // The service says "code"; the connector's relay says "error".
                serviceCode = string(json, "code", string(json, "error", null));
                message = string(json, "message", null);
                requestId = string(json, "requestId", requestId);
            } catch (ParseException | RuntimeException e) {
                // not JSON: report the status alone
            }
            if (message == null) {
                message = "HTTP " + status;
            }
            Duration retryAfter = status == 503 || status == 429 ? parseRetryAfter(retryAfterHeader) : null;
            String code;
            String hint;
            if (status == 503 || status == 429) {
                code = RmsClientException.SERVICE_UNAVAILABLE;
                hint = retryAfter != null ? "Try again in " + retryAfter.toSeconds() + " s"
                        : "Try again later";
            } else if (status == 401) {
                code = RmsClientException.UNAUTHENTICATED;
                hint = "Check the user name and password, or the client certificate";
            } else if (status == 403) {
                code = serviceCode != null ? serviceCode : RmsClientException.ACCESS_DENIED;
                hint = "Ask an administrator whether this identity may do this";
            } else if (serviceCode != null) {
                code = serviceCode;
                hint = status >= 500 ? "Try again later; if it persists, give the request id to an administrator"
                        : "The request was refused as shown";
            } else {
                code = RmsClientException.SERVICE_ERROR;
                hint = "Check that the service URL points to an RMS service or connector";
            }
            StringBuilder m = new StringBuilder(what).append(": the service at ").append(service)
                    .append(" refused (HTTP ").append(status);
            if (serviceCode != null) {
                m.append(", ").append(serviceCode);
            }
            m.append("): ").append(message).append(". ").append(hint);
            if (requestId != null) {
                m.append(" [request id ").append(requestId).append(']');
            }
            return new RmsClientException(code, m.toString(), null, status, serviceCode, requestId, retryAfter);
        }

        private static String string(Map<String, Object> json, String key, String fallback) {
            Object v = json.get(key);
            return v instanceof String s && !s.isBlank() ? s : fallback;
        }

        /** {@code Retry-After}: delta-seconds or an HTTP date; null when absent or unreadable. */
        static Duration parseRetryAfter(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String v = value.trim();
            try {
                long seconds = Long.parseLong(v);
                return seconds < 0 ? null : Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                // an HTTP date, below
            }
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                        .toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d.withNanos(0);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
