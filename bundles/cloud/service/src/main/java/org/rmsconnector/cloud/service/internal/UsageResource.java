package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.service.internal.usage.W3cUsageLogWriter;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.UsageQuery;

/**
 * {@code usage?from=&to=&user=&type=&limit=&format=json|w3c}: the usage log, as JSON records or as the W3C extended
 * log format ({@code text/plain}).
 */
final class UsageResource {

    /** How many usage records a request without {@code limit} gets (at most {@link UsageQuery#MAX_LIMIT} with it). */
    static final int DEFAULT_LIMIT = 1000;

    private static final String TEXT = "text/plain; charset=utf-8";

    private final CloudStore store;
    private final Clock clock;
    private final String serviceVersion;

    UsageResource(CloudStore store, Clock clock, String serviceVersion) {
        this.store = store;
        this.clock = clock;
        this.serviceVersion = serviceVersion;
    }

    AdminAnswer handle(AdminRequest r) throws CloudException {
        Map<String, String> q = r.query();
        Instant from = q.containsKey("from") ? Instant.parse(q.get("from")) : null;
        Instant to = q.containsKey("to") ? Instant.parse(q.get("to")) : null;
        int limit = q.containsKey("limit") ? (int) AdminRequest.parseLong(q.get("limit"), "limit", 1,
                UsageQuery.MAX_LIMIT) : DEFAULT_LIMIT;
        List<UsageRecord> records = store.usage().query(new UsageQuery(from, to, q.get("user"), q.get("type"), limit));
        String format = q.getOrDefault("format", "json").strip().toLowerCase(Locale.ROOT);
        if (format.equals("w3c")) {
            StringWriter out = new StringWriter();
            new W3cUsageLogWriter("RMS Connector cloud service " + serviceVersion).write(records, clock.instant(), out);
            return new AdminAnswer(200, TEXT, out.toString());
        }
        if (!format.equals("json")) {
            throw CloudException.badRequest("format must be json or w3c, got " + format);
        }
        List<Object> out = new ArrayList<>();
        for (UsageRecord u : records) {
            out.add(JsonSupport.object().put("timestamp", u.timestamp().toString()).put("requestType", u.requestType())
                    .put("user", u.user()).put("result", u.result()).put("correlationId", u.correlationId())
                    .put("contentId", u.contentId()).put("owner", u.owner()).put("issuer", u.issuer())
                    .put("templateId", u.templateId() == null ? null : u.templateId().toString())
                    .put("actingAs", u.actingAs()).put("connectorId", u.connectorId()).map());
        }
        return ok(JsonSupport.object().put("records", out));
    }
}
