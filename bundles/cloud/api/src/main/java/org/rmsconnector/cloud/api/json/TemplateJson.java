package org.rmsconnector.cloud.api.json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.model.ContentExpiry;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.PrincipalKind;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.protocol.Right;

/**
 * The JSON form of a template, shared by the template endpoint and the administration API:
 *
 * <pre>
 * {"id":"…","name":"Contoso - Confidential","description":"…",
 *  "grants":[{"kind":"everyone","rights":["VIEW","EDIT"]},{"kind":"group","principal":"finance@contoso.com","rights":["VIEW"]}],
 *  "expiry":{"kind":"never"} | {"kind":"onDate","date":"2027-01-01T00:00:00Z"} | {"kind":"daysAfterProtection","days":30},
 *  "offlineDays":7,"status":"published","forApplications":true,"hash":"&lt;Template.contentHash&gt;"}
 * </pre>
 */
public final class TemplateJson {

    private TemplateJson() {
    }

    public static Map<String, Object> toMap(Template t) {
        List<Object> grants = new ArrayList<>();
        for (Grant g : t.grants()) {
            grants.add(JsonSupport.object()
                    .put("kind", g.kind().name().toLowerCase(Locale.ROOT))
                    .put("principal", g.principal())
                    .put("rights", g.rights().stream().map(Right::name).toList())
                    .map());
        }
        JsonSupport.Obj expiry = JsonSupport.object();
        if (t.expiry() instanceof ContentExpiry.OnDate d) {
            expiry.put("kind", "onDate").put("date", d.date().toString());
        } else if (t.expiry() instanceof ContentExpiry.DaysAfterProtection d) {
            expiry.put("kind", "daysAfterProtection").put("days", d.days());
        } else {
            expiry.put("kind", "never");
        }
        return JsonSupport.object()
                .put("id", t.id().toString())
                .put("name", t.name())
                .put("description", t.description().isEmpty() ? null : t.description())
                .put("grants", grants)
                .put("expiry", expiry)
                .put("offlineDays", t.offlineAccessDays())
                .put("status", t.status().name().toLowerCase(Locale.ROOT))
                .put("forApplications", t.availableWithoutUserIdentity())
                .put("hash", t.contentHash())
                .map();
    }

    public static String toJson(Template t) {
        return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(toMap(t));
    }

    /**
     * A template from an administrator's JSON: {@code name} and {@code grants} required; {@code status} defaults to
     * {@code current} (published for a new template).
     */
    public static Template fromBody(JsonSupport.Body b, UUID id, TemplateStatus current) throws CloudException {
        List<Grant> grants = new ArrayList<>();
        List<JsonSupport.Body> raw = b.objects("grants");
        if (raw.isEmpty()) {
            throw b.bad("grants", "a template needs at least one grant");
        }
        for (JsonSupport.Body g : raw) {
            PrincipalKind kind = parseEnum(PrincipalKind.class, g.string("kind"), g, "kind");
            Set<Right> rights = EnumSet.noneOf(Right.class);
            for (String r : g.strings("rights")) {
                rights.add(parseEnum(Right.class, r, g, "rights"));
            }
            try {
                grants.add(new Grant(kind, g.optString("principal"), rights));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw g.bad("principal", e.getMessage());
            }
        }
        ContentExpiry expiry = ContentExpiry.never();
        JsonSupport.Body e = b.optObject("expiry");
        if (e != null) {
            String kind = e.string("kind");
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "never" -> expiry = ContentExpiry.never();
                case "ondate" -> {
                    try {
                        expiry = ContentExpiry.onDate(Instant.parse(e.string("date")));
                    } catch (DateTimeParseException x) {
                        throw e.bad("date", "expected an ISO-8601 instant such as 2027-01-01T00:00:00Z");
                    }
                }
                case "daysafterprotection" -> expiry = ContentExpiry.daysAfterProtection(
                        e.integer("days", 0, 1, 365_000));
                default -> throw e.bad("kind", "expected never, onDate or daysAfterProtection");
            }
        }
        TemplateStatus status = b.has("status") ? parseEnum(TemplateStatus.class, b.string("status"), b, "status")
                : current;
        try {
            return new Template(id, b.string("name"), b.optString("description"), grants, expiry,
                    b.integer("offlineDays", 0, 0, 36_500), status, b.bool("forApplications", false));
        } catch (IllegalArgumentException x) {
            throw CloudException.badRequest(x.getMessage());
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, JsonSupport.Body where, String field)
            throws CloudException {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException x) {
            throw where.bad(field, "unknown value '" + text + "': expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
