package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.model.ContentRevocation;
import org.rmsconnector.cloud.model.RegisteredConnector;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.CredentialStore;
import org.rmsconnector.cloud.store.UsageQuery;

/**
 * {@code content/{id}/tracking} and {@code content/{id}/revocation}: who obtained or was refused a license for one
 * protected content id (from the usage log), and its revocation. Any protected file can be tracked and revoked,
 * whatever its type: the cloud knows content by its id, never by its format.
 *
 * <p>Who may: the content's owner (as the tenant signed it: the owner named by a granted request of the usage log)
 * or a global administrator. Anyone else gets 403 {@code not_content_owner}; a content id the log has never
 * granted anything for is 404 for its would-be owner, as the cloud cannot tell who owns it.
 */
final class ContentResource {

    /** How many tracking records a request without {@code limit} gets. */
    static final int DEFAULT_LIMIT = 1000;

    private final CloudStore store;
    private final Clock clock;

    ContentResource(CloudStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    AdminAnswer handle(AdminRequest r) throws CloudException {
        if (r.depth() != 3) {
            throw r.noResource();
        }
        String contentId = r.segment(1).strip();
        if (contentId.isEmpty() || contentId.length() > 256) {
            throw CloudException.badRequest("a content id has 1 to 256 characters");
        }
        Optional<String> owner = store.usage().ownerOf(contentId);
        requireOwnerOrGlobalAdmin(r.caller(), contentId, owner);
        switch (r.segment(2)) {
            case "tracking":
                r.requireMethod("GET");
                return tracking(r, contentId, owner);
            case "revocation":
                return revocation(r, contentId);
            default:
                throw r.noResource();
        }
    }

    private AdminAnswer tracking(AdminRequest r, String contentId, Optional<String> owner) throws CloudException {
        int limit = r.query().containsKey("limit") ? (int) AdminRequest.parseLong(r.query().get("limit"), "limit", 1,
                UsageQuery.MAX_LIMIT) : DEFAULT_LIMIT;
        Map<String, String> connectorNames = new HashMap<>();
        List<Object> records = new ArrayList<>();
        for (UsageRecord u : store.usage().forContent(contentId, limit)) {
            boolean viaConnector = u.connectorId() != null;
            String connectorName = !viaConnector ? null : connectorNames.computeIfAbsent(u.connectorId(),
                    id -> store.connectors().find(id).map(RegisteredConnector::name).orElse(null));
            records.add(JsonSupport.object()
                    .put("timestamp", u.timestamp().toString())
                    .put("requestType", u.requestType())
                    .put("granted", "granted".equals(u.result()))
                    .put("result", u.result())
                    // for whom: the user a server acted for, else the caller (a user, or the server itself)
                    .put("user", u.actingAs() != null ? u.actingAs() : u.user())
                    .put("server", viaConnector ? u.user() : null)
                    .put("connectorId", u.connectorId())
                    .put("connectorName", connectorName)
                    .put("correlationId", u.correlationId())
                    .map());
        }
        return ok(JsonSupport.object().put("contentId", contentId).put("owner", owner.orElse(null))
                .put("revocation", store.revocations().find(contentId).map(ContentResource::json).orElse(null))
                .put("records", records));
    }

    private AdminAnswer revocation(AdminRequest r, String contentId) throws CloudException {
        switch (r.method()) {
            case "GET":
                return ok(state(contentId, store.revocations().find(contentId)));
            case "PUT": {
                boolean allowSuperUsers = r.body() != null && !r.body().isBlank()
                        && r.parsedBody().bool("allowSuperUsers", false);
                ContentRevocation rev = store.revocations().revoke(new ContentRevocation(contentId,
                        r.caller().identity(), clock.instant(), allowSuperUsers));
                return ok(state(contentId, Optional.of(rev)));
            }
            case "DELETE":
                store.revocations().reinstate(contentId);
                return ok(state(contentId, Optional.empty()));
            default:
                throw r.notAllowed("GET, PUT, DELETE");
        }
    }

    private static JsonSupport.Obj state(String contentId, Optional<ContentRevocation> rev) {
        return JsonSupport.object().put("contentId", contentId).put("revoked", rev.isPresent())
                .put("revocation", rev.map(ContentResource::json).orElse(null));
    }

    private static Map<String, Object> json(ContentRevocation r) {
        return JsonSupport.object().put("revokedBy", r.revokedBy()).put("revokedAt", r.revokedAt().toString())
                .put("allowSuperUsers", r.allowSuperUsers()).map();
    }

    private static void requireOwnerOrGlobalAdmin(CloudCaller caller, String contentId, Optional<String> owner)
            throws CloudException {
        if (caller.kind() == CloudCaller.Kind.USER && caller.hasAdminRole(CredentialStore.GLOBAL_ADMIN)) {
            return;
        }
        if (caller.kind() != CloudCaller.Kind.USER) {
            throw CloudException.forbidden("not_content_owner", "content is tracked and revoked by its owner or a"
                    + " global administrator signed in, not through a connector");
        }
        if (owner.isEmpty()) {
            throw CloudException.notFound("the usage log has no granted request for content " + contentId
                    + ": its owner is unknown (a global administrator can still revoke it)");
        }
        if (!owner.get().toLowerCase(Locale.ROOT).equals(caller.identity().toLowerCase(Locale.ROOT))) {
            throw CloudException.forbidden("not_content_owner", "content " + contentId + " belongs to " + owner.get()
                    + "; only its owner or a global administrator may track or revoke it");
        }
    }
}
