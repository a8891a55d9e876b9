package org.rmsconnector.rmsctl.adminclient;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The admin API of docs/admin-api.md on a free loopback port, with an in-memory node behind it: checks in the
 * contract's order (plain HTTP, credentials, X-Requested-By, path), the contract's error shapes and statuses,
 * and a record of every request for the tests to inspect.
 */
public final class FakeAdminApi implements AutoCloseable {

    public static final String USER = "admin";
    /** A password with characters that need care in JSON, Basic and shells. */
    public static final String PASSWORD = "pa:ss \"wörd\" $x";

    /** One request as received. */
    public record Recorded(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern SWITCH = Pattern.compile("/workloads/([^/]+)/(enable|disable)");
    private static final Pattern ADAPTER = Pattern.compile("/workloads/adapters/([^/]+)");

    private final HttpServer server;
    public final List<Recorded> requests = new CopyOnWriteArrayList<>();
    public final List<Map<String, Object>> servers = new CopyOnWriteArrayList<>();
    public final Map<String, Boolean> workloads = new LinkedHashMap<>();
    public final Map<String, byte[]> adapters = new LinkedHashMap<>();
    public volatile List<Map<String, Object>> doctorFindings = List.of(
            finding("RMS cloud reachable", "OK", "the cloud answered in 40 ms"),
            finding("RMS HTTPS certificate", "WARN", "self-signed; import it on every server"));
    public volatile boolean cloudDown;
    public volatile boolean registered;

    private FakeAdminApi(HttpServer server) {
        this.server = server;
        servers.add(entry("EXCH01$", "COMPUTER", "exchange"));
        workloads.put("exchange", true);
        workloads.put("sharepoint", true);
        workloads.put("fci", false);
        server.createContext("/admin/api/", this::handle);
        server.start();
    }

    /** Over HTTPS with {@code ctx}. */
    public static FakeAdminApi https(SSLContext ctx) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return new FakeAdminApi(s);
    }

    /** Over plain HTTP (the API then refuses all but the server configuration). */
    public static FakeAdminApi http() throws IOException {
        return new FakeAdminApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** {@code https://localhost:port} (or http). */
    public URI uri() {
        return uri("localhost");
    }

    public URI uri(String host) {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://" + host + ":"
                + server.getAddress().getPort());
    }

    public Recorded last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static Map<String, Object> finding(String check, String status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check);
        m.put("status", status);
        m.put("message", message);
        return m;
    }

    private static Map<String, Object> entry(String account, String kind, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account);
        m.put("kind", kind);
        m.put("role", role);
        return m;
    }

    // ------------------------------------------------------------------ dispatch

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String path = ex.getRequestURI().getRawPath().substring("/admin/api".length());
        Recorded r = new Recorded(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), headers, body);
        requests.add(r);
        try {
            answer(ex, r);
        } catch (ApiError e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", e.code);
            err.put("message", e.getMessage());
            if (e.status == 503) {
                ex.getResponseHeaders().add("Retry-After", "30");
            }
            if (e.status == 401) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"RMS Connector\"");
            }
            send(ex, e.status, err);
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("error", "internal", "message", "fixture failed: " + e));
        } finally {
            ex.close();
        }
    }

    private void answer(HttpExchange ex, Recorded r) throws IOException, ApiError {
        Map<String, String> q = query(r.rawQuery());
        if (r.method().equals("GET") && r.path().equals("/server-configuration")) {
            serverConfiguration(ex, q);
            return;
        }
        if (!(server instanceof HttpsServer)) {
            throw new ApiError(403, "refused", "the admin API answers on HTTPS only");
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(r.header("Authorization"))) {
            throw new ApiError(401, "unauthenticated", "give the Web Console's user and password");
        }
        if (!r.method().equals("GET") && (r.header("X-Requested-By") == null || r.header("X-Requested-By").isBlank())) {
            throw new ApiError(403, "csrf", "a change needs the header X-Requested-By");
        }
        switch (r.method() + " " + r.path()) {
            case "GET /status" -> status(ex);
            case "GET /authorized-servers" -> send(ex, 200, Map.of("version", 7L, "entries", List.copyOf(servers)));
            case "POST /authorized-servers" -> authorize(ex, json(r));
            case "DELETE /authorized-servers" -> revoke(ex, q);
            case "GET /directory" -> directory(ex, q);
            case "GET /workloads" -> send(ex, 200, Map.of("workloads", workloadList()));
            case "GET /events" -> events(ex, q);
            case "GET /connectors" -> send(ex, 200, Map.of("connectors", List.of(Map.of("id", "c-1", "name",
                    "node-1", "registeredAt", "2025-01-01T00:00:00Z"))));
            case "POST /connector/registration" -> register(ex, json(r));
            case "GET /doctor" -> send(ex, 200, Map.of("ok", doctorFindings.stream().allMatch(
                    f -> List.of("OK", "WARN").contains(f.get("status"))), "findings", doctorFindings));
            default -> other(ex, r);
        }
    }

    private void other(HttpExchange ex, Recorded r) throws IOException, ApiError {
        Matcher m = SWITCH.matcher(r.path());
        if (r.method().equals("POST") && m.matches()) {
            String id = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            if (!workloads.containsKey(id)) {
                throw new ApiError(404, "not_found", "no workload '" + id + "'; the workloads are exchange, "
                        + "sharepoint and fci");
            }
            workloads.put(id, m.group(2).equals("enable"));
            send(ex, 200, workload(id));
            return;
        }
        m = ADAPTER.matcher(r.path());
        if (r.method().equals("PUT") && m.matches()) {
            String file = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            if (!file.matches("[A-Za-z0-9._-]+\\.jar") || file.startsWith(".")
                    || !"application/java-archive".equals(r.header("Content-Type"))) {
                throw new ApiError(400, "invalid", "file: not an adapter jar name");
            }
            adapters.put(file, r.body());
            send(ex, 201, Map.of("file", file));
            return;
        }
        throw new ApiError(404, "not_found", "no resource " + r.method() + " /admin/api" + r.path());
    }

    // ------------------------------------------------------------------ resources

    private void status(HttpExchange ex) throws IOException, ApiError {
        if (cloudDown) {
            throw new ApiError(503, "unavailable", "CloudConnection is not running on this node (bundle "
                    + "rms-transport)");
        }
        Map<String, Object> cloud = new LinkedHashMap<>();
        cloud.put("environment", "demo");
        cloud.put("serviceUrl", "https://localhost:8444");
        cloud.put("reachable", true);
        cloud.put("problem", null);
        cloud.put("tlsProtocol", "TLSv1.3");
        cloud.put("roundTrip", 0.042);
        cloud.put("clockSkew", -0.3);
        cloud.put("registered", true);
        cloud.put("connectorId", "c-1");
        cloud.put("connectorName", "node-1");
        cloud.put("credentialsExpireAt", "2026-01-01T00:00:00Z");
        cloud.put("policyFromCache", false);
        cloud.put("breaker", "CLOSED");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", "node-1");
        s.put("version", "0.1.0");
        s.put("cloud", cloud);
        s.put("workloads", workloadList());
        s.put("policy", Map.of("version", 7L, "ageSeconds", 12L, "entries", (long) servers.size()));
        s.put("history", List.of(Map.of("end", "2025-01-01T00:01:00Z", "requests", 10L, "errors", 1L,
                "meanMillis", 12.5)));
        send(ex, 200, s);
    }

    private void authorize(HttpExchange ex, Map<String, Object> body) throws IOException, ApiError {
        String account = (String) body.get("account");
        String role = String.valueOf(body.get("role")).toLowerCase(Locale.ROOT);
        String kind = String.valueOf(body.get("kind")).toUpperCase(Locale.ROOT);
        if (account == null || account.isBlank()) {
            throw new ApiError(400, "invalid", "account: missing or empty");
        }
        for (Map<String, Object> e : servers) {
            if (e.get("account").equals(account) && e.get("role").equals(role)) {
                throw new ApiError(409, "conflict", account + " is already authorized as " + role);
            }
        }
        Map<String, Object> entry = entry(account, kind, role);
        servers.add(entry);
        Map<String, Object> answer = new LinkedHashMap<>(entry);
        if (role.equals("exchange")) {
            answer.put("warning", "an Exchange entry makes the account a super user");
        }
        send(ex, 201, answer);
    }

    private void revoke(HttpExchange ex, Map<String, String> q) throws IOException, ApiError {
        boolean removed = servers.removeIf(e -> e.get("account").equals(q.get("account"))
                && e.get("role").equals(q.get("role")));
        if (!removed) {
            throw new ApiError(404, "not_found", "no entry " + q.get("account") + " as " + q.get("role"));
        }
        ex.sendResponseHeaders(204, -1);
    }

    private void directory(HttpExchange ex, Map<String, String> q) throws IOException, ApiError {
        String text = q.get("q");
        if (text == null) {
            throw new ApiError(400, "invalid", "q: missing");
        }
        List<Object> found = new ArrayList<>();
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("account", "Exchange Servers");
        group.put("kind", "GROUP");
        group.put("displayName", "Exchange \u001b[31mServers");
        group.put("dn", "CN=Exchange Servers,DC=contoso,DC=com");
        if ("Exchange Servers".toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
            found.add(group);
        }
        send(ex, 200, Map.of("entries", found));
    }

    private void events(HttpExchange ex, Map<String, String> q) throws IOException, ApiError {
        List<Object> events = new ArrayList<>();
        events.add(Map.of("sequence", 2L, "time", "2025-01-01T00:00:02Z", "id", 2001L, "level", "WARNING",
                "message", "server refused", "properties", Map.of("account", "SP01$")));
        events.add(Map.of("sequence", 1L, "time", "2025-01-01T00:00:01Z", "id", 1000L, "level", "INFO",
                "message", "connector started", "properties", Map.of()));
        if (q.containsKey("level") && !List.of("INFO", "WARNING", "ERROR").contains(q.get("level"))) {
            throw new ApiError(400, "invalid", "level: must be INFO, WARNING or ERROR");
        }
        send(ex, 200, Map.of("events", events));
    }

    private void register(HttpExchange ex, Map<String, Object> body) throws IOException, ApiError {
        if (registered) {
            throw new ApiError(409, "conflict", "this connector is already registered as node-1");
        }
        if (body.get("user") == null || body.get("password") == null) {
            throw new ApiError(400, "invalid", "user and password are required");
        }
        registered = true;
        send(ex, 201, Map.of("connectorId", "c-2", "connectorName",
                body.get("name") == null ? "generated-name" : body.get("name")));
    }

    private void serverConfiguration(HttpExchange ex, Map<String, String> q) throws IOException, ApiError {
        String workload = q.get("workload");
        if (workload == null) {
            throw new ApiError(400, "invalid", "workload: missing");
        }
        if (!workloads.containsKey(workload)) {
            throw new ApiError(404, "not_found", "the " + workload + " adapter is not installed on this node");
        }
        String connector = q.get("connector");
        String format = q.getOrDefault("format", "reg");
        List<String> warnings = new ArrayList<>();
        if (connector != null && URI.create(connector).getHost().equals("localhost")) {
            warnings.add("localhost names this node only: servers elsewhere cannot use it");
        }
        String content = switch (format) {
            case "reg" -> "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft]\r\n"
                    + "\"CertificationServerRedirection\"=\"" + connector + "\"\r\n";
            case "ps1" -> "# " + workload + "\r\nSet-ItemProperty -Value '" + connector + "'\r\n";
            default -> "connector=" + connector + "\n";
        };
        send(ex, 200, Map.of("fileName", "rms-connector-" + workload + "." + format, "content", content,
                "warnings", warnings));
    }

    private List<Object> workloadList() {
        List<Object> out = new ArrayList<>();
        workloads.keySet().forEach(id -> out.add(workload(id)));
        return out;
    }

    private Map<String, Object> workload(String id) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("workload", id);
        w.put("enabled", workloads.get(id));
        w.put("available", workloads.get(id));
        w.put("bundle", "org.rmsconnector." + id);
        w.put("version", "0.1.0");
        w.put("bundleState", "ACTIVE");
        w.put("traffic", Map.of("succeeded", 5L, "refused", 1L, "unavailable", 0L, "failed", 0L,
                "meanMillis", 8.0));
        return w;
    }

    // ------------------------------------------------------------------ plumbing

    private static Map<String, Object> json(Recorded r) throws ApiError {
        try {
            return JSONObjectUtils.parse(r.bodyText());
        } catch (ParseException e) {
            throw new ApiError(400, "invalid", "body: not a JSON object");
        }
    }

    /** The decoded query; '+' is a plus here, as rmsctl never sends form encoding. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(decode(k), decode(v));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static final class ApiError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
