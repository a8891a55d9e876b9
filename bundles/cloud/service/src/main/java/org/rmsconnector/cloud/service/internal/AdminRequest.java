package org.rmsconnector.cloud.service.internal;

import java.util.List;
import java.util.Map;
import org.rmsconnector.cloud.api.CloudAdmin;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;

/**
 * One administration request as {@link CloudAdminImpl} hands it to a resource: the caller, the upper-case method,
 * the path below {@code /_wmcs/admin/} split into segments, the query and the raw body. It also makes the refusals
 * and JSON answers every resource shares, so that their codes and messages are spelled once.
 */
record AdminRequest(CloudCaller caller, String method, List<String> segments, Map<String, String> query,
        String body) {

    /** The path below {@code /_wmcs/admin/}, as error messages name it. */
    String path() {
        return String.join("/", segments);
    }

    String segment(int index) {
        return segments.get(index);
    }

    int depth() {
        return segments.size();
    }

    /** A registered connector speaking for itself, not forwarding for an on-premises server. */
    boolean fromConnectorItself() {
        return caller.kind() == CloudCaller.Kind.CONNECTOR && caller.role() == null && caller.connectorId() != null;
    }

    JsonSupport.Body parsedBody() throws CloudException {
        return JsonSupport.Body.parse(body);
    }

    void requireMethod(String... allowed) throws CloudException {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw notAllowed(String.join(", ", allowed));
    }

    CloudException notAllowed(String allowed) {
        return new CloudException(405, "method_not_allowed", method + " is not allowed on /_wmcs/admin/" + path()
                + " (allowed: " + allowed + ")");
    }

    CloudException noResource() {
        return noResource(path());
    }

    static CloudException noResource(String path) {
        return CloudException.notFound("no administration resource at /_wmcs/admin/" + path);
    }

    /** A query parameter that must be present and not blank, stripped. */
    String requiredQuery(String name) throws CloudException {
        String v = query.get(name);
        if (v == null || v.isBlank()) {
            throw CloudException.badRequest("query parameter '" + name + "' is required");
        }
        return v.strip();
    }

    static long parseLong(String text, String name, long min, long max) throws CloudException {
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) {
                throw CloudException.badRequest(name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw CloudException.badRequest(name + " must be an integer, got '" + text + "'");
        }
    }

    static CloudAdmin.AdminAnswer ok(JsonSupport.Obj o) {
        return json(200, o.toJson());
    }

    static CloudAdmin.AdminAnswer json(int status, String body) {
        return CloudAdmin.AdminAnswer.json(status, body);
    }
}
