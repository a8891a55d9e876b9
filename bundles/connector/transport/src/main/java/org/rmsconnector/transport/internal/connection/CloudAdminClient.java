package org.rmsconnector.transport.internal.connection;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.api.admin.AdminException.Reason;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.transport.internal.CloudContact;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.LimitedBody;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;

/**
 * The cloud's administration calls a connector may make for its console's administrator, signed as the connector
 * itself (an actor assertion without entry and role, as the change feed's), over the transport's client:
 * {@code POST}/{@code DELETE /_wmcs/admin/authorized-servers} and {@code GET /_wmcs/admin/connectors}. Each call
 * waits at most the request timeout. The cloud's refusals become {@link AdminException}s carrying its message:
 * 400 → INVALID, 401/403 → REFUSED, 404 → NOT_FOUND, 409 → CONFLICT, no answer, a proxy refusal or 5xx →
 * UNAVAILABLE.
 */
public final class CloudAdminClient {

    public static final String AUTHORIZED_SERVERS = "/_wmcs/admin/authorized-servers";
    public static final String CONNECTORS = "/_wmcs/admin/connectors";
    private static final int MAX_ANSWER = 1024 * 1024;

    private final CloudHttp http;
    private final Duration timeout;
    private final Clock clock;
    private final CloudContact contact;

    public CloudAdminClient(CloudHttp http, Duration timeout, Clock clock, CloudContact contact) {
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
        this.contact = contact;
    }

    /** Adds the entry; returns the list's new version. */
    public long authorize(ConnectorCredentials c, AuthorizedServer entry) throws AdminException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", entry.account());
        body.put("kind", entry.kind().name().toLowerCase(Locale.ROOT));
        body.put("role", entry.role().id());
        String what = "authorizing " + entry.account() + " for " + entry.role().id();
        return version(what, call(c, "POST", AUTHORIZED_SERVERS, JSONObjectUtils.toJSONString(body), what, 201));
    }

    /** Removes the account's entry in that role; returns the list's new version. */
    public long revoke(ConnectorCredentials c, String account, Workload role) throws AdminException {
        String what = "removing " + account + " (" + role.id() + ")";
        return version(what, call(c, "DELETE", AUTHORIZED_SERVERS + "?account=" + encode(account) + "&role="
                + role.id(), null, what, 200));
    }

    /** The tenant's registered connectors, as the cloud lists them. */
    public List<RegisteredConnector> connectors(ConnectorCredentials c) throws AdminException {
        String what = "listing the registered connectors";
        Map<String, Object> answer = call(c, "GET", CONNECTORS, null, what, 200);
        if (!(answer.get("connectors") instanceof List<?> list)) {
            throw unusable(what, "no \"connectors\" list");
        }
        List<RegisteredConnector> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("id") instanceof String id)
                    || !(m.get("name") instanceof String name)) {
                throw unusable(what, "a connector without id or name");
            }
            Object registered = m.get("registeredAt") != null ? m.get("registeredAt") : m.get("createdAt");
            out.add(new RegisteredConnector(id, name, instant(what, registered), instant(what, m.get("lastSeen"))));
        }
        return out;
    }

    private Map<String, Object> call(ConnectorCredentials c, String method, String pathAndQuery, String json,
            String what, int expected) throws AdminException {
        String requestId = "admin-" + Keys.newRandomId();
        HttpRequest.Builder b = http.request(pathAndQuery)
                .timeout(timeout)
                .header("Authorization", assertion(c, requestId))
                .header("X-Request-Id", requestId)
                .header("Accept", "application/json");
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> response;
        try {
            response = http.client().send(b.build(), LimitedBody.handler(MAX_ANSWER));
        } catch (IOException e) {
            String problem = "cannot reach the cloud at " + http.base() + ": " + CloudHttp.describe(e);
            contact.noAnswer(clock.instant(), problem);
            throw new AdminException(Reason.UNAVAILABLE, what + " failed: " + problem + "; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(Reason.UNAVAILABLE, what + " was interrupted; try again", e);
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
        if (status == CloudHttp.PROXY_AUTHENTICATION_REQUIRED) {
            String problem = "the outbound proxy refused this node (407): check proxy.user and .proxy.password";
            contact.noAnswer(clock.instant(), problem);
            throw new AdminException(Reason.UNAVAILABLE, what + " failed: " + problem);
        }
        contact.answered(clock.instant());
        if (status != expected) {
            throw refusal(what, status, body);
        }
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw unusable(what, "not JSON");
        }
    }

    /**
     * The cloud's refusal as an {@link AdminException} with its message.
     *
     * @param body the answer, an {@code ErrorResponse} {@code {"code","message","requestId"}} or anything else
     */
    public static AdminException refusal(String what, int status, String body) {
        String detail = cloudMessage(body);
        String message = what + " was refused by the cloud (HTTP " + status + (detail == null ? "" : ": " + detail)
                + ")";
        return switch (status) {
            case 400 -> new AdminException(Reason.INVALID, message);
            case 401 -> new AdminException(Reason.REFUSED, message + "; the cloud does not accept this connector's"
                    + " credentials: register the node again");
            case 403 -> new AdminException(Reason.REFUSED, message);
            case 404 -> new AdminException(Reason.NOT_FOUND, message);
            case 409 -> new AdminException(Reason.CONFLICT, message);
            default -> new AdminException(Reason.UNAVAILABLE, status >= 500 ? message + "; try again"
                    : message + "; the cloud service may be older than this connector");
        };
    }

    /** The {@code message} (with its {@code code}) of an error answer, or the body's start, or null when empty. */
    public static String cloudMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> m = JSONObjectUtils.parse(body);
            if (m.get("message") instanceof String message) {
                return m.get("code") instanceof String code ? code + ": " + message : message;
            }
        } catch (ParseException e) {
            // not JSON: a proxy's or gateway's page; show its start
        }
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private String assertion(ConnectorCredentials c, String requestId) throws AdminException {
        try {
            return ActorAssertion.issue(ActorAssertion.Claims.ofConnector(c.connectorId(), requestId), c.privateKey(),
                    c.kid(), clock.instant()).authorizationHeader();
        } catch (ProtocolException e) {
            throw new AdminException(Reason.UNAVAILABLE, "cannot sign the connector's assertion: " + e.getMessage(),
                    e);
        }
    }

    private static long version(String what, Map<String, Object> answer) throws AdminException {
        if (answer.get("version") instanceof Number n) {
            return n.longValue();
        }
        throw unusable(what, "no list \"version\"");
    }

    private static Instant instant(String what, Object value) throws AdminException {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw unusable(what, "'" + value + "' is not a time");
        }
    }

    private static AdminException unusable(String what, String why) {
        return new AdminException(Reason.UNAVAILABLE, what + ": the cloud's answer is unusable (" + why + ")");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
