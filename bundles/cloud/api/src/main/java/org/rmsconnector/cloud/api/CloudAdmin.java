package org.rmsconnector.cloud.api;

import java.time.Duration;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The administration API behind {@code /_wmcs/admin/*}: JSON in, JSON out, each call checking the caller's
 * administrative role (global-admin; connector-admin for authorized servers and connector registration).
 * Resource paths are relative to {@code /_wmcs/admin}, e.g. {@code templates}, {@code templates/<id>/archive},
 * {@code authorized-servers}, {@code authorized-servers/changes}, {@code connectors}, {@code usage}.
 */
@ProviderType
public interface CloudAdmin {

    /**
     * One administrative request.
     *
     * @param method GET, POST, PUT or DELETE
     * @param path the path below {@code /_wmcs/admin/}, without a leading slash
     * @param query the query parameters (first value of each)
     * @param body the JSON body, or an empty string
     * @param maxWait how long a long-poll ({@code authorized-servers/changes}) may wait for a change
     */
    AdminAnswer handle(CloudCaller caller, String method, String path, Map<String, String> query, String body,
            Duration maxWait) throws CloudException;

    /**
     * An answer: status, content type ({@code application/json} or {@code text/plain} for the W3C export) and body.
     */
    record AdminAnswer(int status, String contentType, String body) {
        public static AdminAnswer json(int status, String body) {
            return new AdminAnswer(status, "application/json; charset=utf-8", body);
        }
    }
}
