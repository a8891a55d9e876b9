package org.rmsconnector.rmsctl.adminclient;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Calls {@code /admin/api/*} of one connector: HTTP Basic with the Web Console's credentials when given,
 * {@code X-Requested-By: rmsctl} on every change, no redirects (credentials never follow one). Anything but 2xx
 * is an {@link AdminApiException} carrying the API's message.
 */
public final class AdminHttpClient {

    /** The header every change carries (the API's guard against cross-site requests). */
    public static final String REQUESTED_BY = "X-Requested-By";
    static final String API = "/admin/api";

    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    private AdminHttpClient(Builder b) {
        String path = b.base.getRawPath() == null ? "" : b.base.getRawPath();
        this.base = URI.create(b.base.getScheme() + "://" + b.base.getRawAuthority()
                + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
        this.authorization = b.authorization;
        this.timeout = b.timeout;
        SSLParameters params = new SSLParameters();
        params.setProtocols(AdminTrust.PROTOCOLS);
        HttpClient.Builder hb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(b.connectTimeout).sslParameters(params);
        if (b.trust != null) {
            hb.sslContext(b.trust.context(b.checkHostName));
        }
        this.http = hb.build();
    }

    /** A client of the connector at {@code base} ({@code https://host:port}, perhaps with a path prefix). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** The URL of the API resource {@code path} ({@code /status}). */
    public URI uri(String path, Map<String, ?> query) {
        String q = query == null ? "" : Query.encode(query);
        return URI.create(base + API + path + (q.isEmpty() ? "" : "?" + q));
    }

    /** {@code GET path?query} asking for JSON. */
    public AdminResponse get(String path, Map<String, ?> query) throws AdminApiException {
        return send(request(path, query).GET());
    }

    /** {@code POST path} with {@code body} as JSON (none when {@code null}). */
    public AdminResponse postJson(String path, Map<String, ?> body) throws AdminApiException {
        HttpRequest.Builder r = request(path, null);
        if (body == null) {
            r.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            r.header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body),
                            StandardCharsets.UTF_8));
        }
        return send(change(r));
    }

    /** {@code DELETE path?query}. */
    public AdminResponse delete(String path, Map<String, ?> query) throws AdminApiException {
        return send(change(request(path, query).DELETE()));
    }

    /** {@code PUT path} with the file's bytes as {@code contentType}. */
    public AdminResponse putFile(String path, Path file, String contentType) throws AdminApiException {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(file + " does not exist", e);
        }
        return send(change(request(path, null).header("Content-Type", contentType).PUT(body)));
    }

    private HttpRequest.Builder request(String path, Map<String, ?> query) {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path, query)).timeout(timeout)
                .header("Accept", "application/json").header("User-Agent", "rmsctl");
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return r;
    }

    private static HttpRequest.Builder change(HttpRequest.Builder r) {
        return r.header(REQUESTED_BY, "rmsctl");
    }

    private AdminResponse send(HttpRequest.Builder builder) throws AdminApiException {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw connectionFailure(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException(AdminApiException.Kind.UNREACHABLE, 0, null,
                    "interrupted while waiting for " + base, null, null, e);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new AdminResponse(status, response.body() == null ? "" : response.body(), headers);
        }
        throw failure(request, status, response.body(), headers);
    }

    private AdminApiException connectionFailure(URI uri, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new AdminApiException(AdminApiException.Kind.TLS, 0, null, "TLS with " + base
                        + " failed: " + t.getMessage(), null, null, e);
            }
        }
        String why = e instanceof HttpTimeoutException ? "no answer within the time allowed"
                : e instanceof ConnectException ? "connection refused or host unknown" : String.valueOf(e.getMessage());
        if (e.getCause() != null && e.getCause().getMessage() != null && !(e instanceof HttpTimeoutException)) {
            why += " (" + e.getCause().getMessage() + ")";
        }
        return new AdminApiException(AdminApiException.Kind.UNREACHABLE, 0, null,
                "cannot reach the connector at " + base + ": " + why, null, null, e);
    }

    private static AdminApiException failure(HttpRequest request, int status, String body,
            Map<String, List<String>> headers) {
        String error = null;
        String message = null;
        try {
            Map<String, Object> json = JSONObjectUtils.parse(body == null ? "" : body);
            error = json.get("error") instanceof String s ? s : null;
            message = json.get("message") instanceof String s ? s : null;
        } catch (ParseException e) {
            // not the API's error shape; described below
        }
        AdminApiException.Kind kind = switch (status) {
            case 401 -> AdminApiException.Kind.UNAUTHENTICATED;
            case 429, 502, 503, 504 -> AdminApiException.Kind.UNAVAILABLE;
            default -> error == null && status != 500 ? AdminApiException.Kind.BAD_RESPONSE
                    : AdminApiException.Kind.REFUSED;
        };
        if (message == null) {
            message = error != null ? error
                    : "HTTP " + status + " from " + request.method() + " " + request.uri().getRawPath()
                            + " without the admin API's error answer (is this the connector's HTTPS port?)";
        }
        return new AdminApiException(kind, status, error, message, error == null ? null : body,
                retryAfter(headers), null);
    }

    private static Duration retryAfter(Map<String, List<String>> headers) {
        List<String> values = headers.getOrDefault("retry-after", List.of());
        if (values.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(values.get(0).trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare, and the message says what to do anyway
        }
    }

    /** How to reach the connector. */
    public static final class Builder {
        private final URI base;
        private String authorization;
        private AdminTrust trust;
        private boolean checkHostName = true;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder(URI base) {
            String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || base.getHost() == null) {
                throw new IllegalArgumentException("not an http(s)://host[:port] URL: " + base);
            }
            if (base.getRawUserInfo() != null || base.getRawQuery() != null || base.getRawFragment() != null) {
                throw new IllegalArgumentException("give the connector as scheme://host[:port] only (no user, "
                        + "query or fragment): " + base.getScheme() + "://" + base.getHost());
            }
            this.base = base;
        }

        /** HTTP Basic credentials; the password is encoded at once and not kept otherwise. */
        public Builder credentials(String user, char[] password) {
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a user name cannot hold ':' in HTTP Basic");
            }
            byte[] userBytes = (user + ":").getBytes(StandardCharsets.UTF_8);
            ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] all = new byte[userBytes.length + pw.remaining()];
            System.arraycopy(userBytes, 0, all, 0, userBytes.length);
            pw.get(all, userBytes.length, all.length - userBytes.length);
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(all);
            // the copies made here are cleared; the header string itself lives as long as the client
            Arrays.fill(all, (byte) 0);
            if (pw.hasArray()) {
                Arrays.fill(pw.array(), (byte) 0);
            }
            return this;
        }

        /** Whom to trust (default: the JVM's CAs). */
        public Builder trust(AdminTrust trust) {
            this.trust = trust;
            return this;
        }

        /** {@code false} accepts a trusted certificate issued for another name (doctor --insecure only). */
        public Builder checkHostName(boolean check) {
            this.checkHostName = check;
            return this;
        }

        /** The time allowed for each answer. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Builds the client. */
        public AdminHttpClient build() {
            return new AdminHttpClient(this);
        }
    }
}
