package org.rmsconnector.rmsctl.admin;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The human output of {@code rmsctl admin}: the API's JSON as labelled lines and tables. */
final class AdminViews {

    private AdminViews() {
    }

    /** What the connector has not measured yet (no probe since it started) reads as such, never as "null". */
    private static String orUnknown(String value) {
        return value == null ? "not probed yet" : value;
    }

    static void status(PrintWriter out, Map<String, Object> s) {
        Map<String, Object> cloud = Json.object(s, "cloud");
        label(out, "node", Json.text(s, "node") + " (version " + Json.text(s, "version") + ")");
        String problem = Json.text(cloud, "problem");
        label(out, "cloud", (Json.flag(cloud, "reachable") ? "reachable" : "NOT reachable")
                + (problem == null ? "" : ": " + problem));
        label(out, "", Json.text(cloud, "serviceUrl") + " (environment " + Json.text(cloud, "environment") + "), "
                + "TLS " + Json.text(cloud, "tlsProtocol") + ", round trip " + millis(Json.number(cloud, "roundTrip"))
                + ", clock skew " + seconds(Json.number(cloud, "clockSkew"))
                + ", breaker " + Json.text(cloud, "breaker")
                + ", proxy " + (Json.text(cloud, "proxy") == null ? "none" : Json.text(cloud, "proxy")));
        if (Json.flag(cloud, "registered")) {
            label(out, "connector", "registered as " + Json.text(cloud, "connectorName") + " ("
                    + Json.text(cloud, "connectorId") + "), credentials expire "
                    + Json.text(cloud, "credentialsExpireAt"));
        } else {
            label(out, "connector", "NOT registered: run 'rmsctl connector register'");
        }
        Map<String, Object> policy = Json.object(s, "policy");
        String entries = Json.text(policy, "entries");
        label(out, "policy", "authorized-servers list version " + Json.text(policy, "version")
                + (entries == null ? "" : ", " + entries + " entries")
                + (Json.text(policy, "ageSeconds") == null ? ", never confirmed"
                        : ", confirmed " + Json.text(policy, "ageSeconds") + " s ago")
                + (Json.flag(cloud, "policyFromCache") ? " (last-known-good copy from disk)" : ""));
        List<Map<String, Object>> history = Json.objects(s, "history");
        if (!history.isEmpty()) {
            Map<String, Object> last = history.get(history.size() - 1);
            long requests = history.stream().mapToLong(h -> longValue(h, "requests")).sum();
            long errors = history.stream().mapToLong(h -> longValue(h, "errors")).sum();
            label(out, "traffic", requests + " requests, " + errors + " errors in the last " + history.size()
                    + " intervals (to " + Json.text(last, "end") + "); last interval mean "
                    + millis(number(last, "meanMillis") / 1000));
        }
        out.println();
        workloads(out, Json.objects(s, "workloads"));
    }

    static void workloads(PrintWriter out, List<Map<String, Object>> workloads) {
        Table t = Table.of("WORKLOAD", "ENABLED", "AVAILABLE", "BUNDLE", "VERSION", "STATE", "SUCCEEDED", "REFUSED",
                "UNAVAILABLE", "FAILED", "MEAN");
        for (Map<String, Object> w : workloads) {
            Map<String, Object> traffic = Json.object(w, "traffic");
            t.row(Json.text(w, "workload"), yes(w, "enabled"), yes(w, "available"), Json.text(w, "bundle"),
                    Json.text(w, "version"), Json.text(w, "bundleState"), Json.text(traffic, "succeeded"),
                    Json.text(traffic, "refused"), Json.text(traffic, "unavailable"), Json.text(traffic, "failed"),
                    millis(number(traffic, "meanMillis") / 1000));
        }
        t.print(out);
    }

    static void workload(PrintWriter out, Map<String, Object> w) {
        out.println(Table.clean(Json.text(w, "workload")) + ": " + (Json.flag(w, "enabled") ? "enabled" : "disabled")
                + ", " + (Json.flag(w, "available") ? "available" : "not available (its adapter is not running)")
                + (Json.text(w, "bundle") == null ? "" : " - " + Table.clean(Json.text(w, "bundle")) + " "
                        + Table.clean(Json.text(w, "version")) + " " + Table.clean(Json.text(w, "bundleState"))));
    }

    static void servers(PrintWriter out, Map<String, Object> list) {
        List<Map<String, Object>> entries = Json.objects(list, "entries");
        out.println("authorized-servers list version " + Table.clean(Json.text(list, "version")) + ", "
                + entries.size() + (entries.size() == 1 ? " entry" : " entries"));
        if (entries.isEmpty()) {
            out.println("(empty: every server is refused)");
            return;
        }
        Table t = Table.of("ACCOUNT", "KIND", "ROLE");
        entries.forEach(e -> t.row(Json.text(e, "account"), Json.text(e, "kind"), Json.text(e, "role")));
        t.print(out);
    }

    static void directory(PrintWriter out, Map<String, Object> found, String query) {
        Table t = Table.of("ACCOUNT", "KIND", "DISPLAY NAME", "DN");
        Json.objects(found, "entries").forEach(e -> t.row(Json.text(e, "account"), Json.text(e, "kind"),
                Json.text(e, "displayName"), Json.text(e, "dn")));
        if (t.isEmpty()) {
            out.println("nothing in the directory matches '" + Table.clean(query) + "'");
        } else {
            t.print(out);
        }
    }

    static void events(PrintWriter out, Map<String, Object> answer) {
        Table t = Table.of("TIME", "LEVEL", "ID", "MESSAGE");
        for (Map<String, Object> e : Json.objects(answer, "events")) {
            Map<String, Object> props = Json.object(e, "properties");
            String details = props.isEmpty() ? "" : " [" + props.entrySet().stream()
                    .map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining(", ")) + "]";
            t.row(Json.text(e, "time"), Json.text(e, "level"), Json.text(e, "id"), Json.text(e, "message") + details);
        }
        if (t.isEmpty()) {
            out.println("no events match");
        } else {
            t.print(out);
        }
    }

    static void connectors(PrintWriter out, Map<String, Object> answer) {
        Table t = Table.of("ID", "NAME", "REGISTERED", "LAST SEEN");
        Json.objects(answer, "connectors").forEach(c -> t.row(Json.text(c, "id"), Json.text(c, "name"),
                Json.text(c, "registeredAt"), Json.text(c, "lastSeen") == null ? "never" : Json.text(c, "lastSeen")));
        if (t.isEmpty()) {
            out.println("no connector is registered in the tenant");
        } else {
            t.print(out);
        }
    }

    private static void label(PrintWriter out, String label, String value) {
        out.printf("%-10s %s%n", label, Table.clean(value));
    }

    private static String yes(Map<String, Object> m, String key) {
        return Json.flag(m, key) ? "yes" : "no";
    }

    private static double number(Map<String, Object> m, String key) {
        Double d = Json.number(m, key);
        return d == null ? 0 : d;
    }

    private static long longValue(Map<String, Object> m, String key) {
        return (long) number(m, key);
    }

    private static String millis(Double seconds) {
        return seconds == null ? "-" : Math.round(seconds * 1000) + " ms";
    }

    private static String seconds(Double seconds) {
        return seconds == null ? "unknown" : String.format(Locale.ROOT, "%+.1f s", seconds);
    }
}
