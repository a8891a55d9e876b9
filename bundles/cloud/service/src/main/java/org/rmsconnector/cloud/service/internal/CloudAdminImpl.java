package org.rmsconnector.cloud.service.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.rmsconnector.cloud.api.CloudAdmin;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.CredentialStore;
import org.rmsconnector.cloud.store.DuplicateEntryException;
import org.rmsconnector.cloud.store.NoSuchEntryException;

/**
 * The administration API (docs/cloud-api.md, "Administration"; the bodies are documented in
 * docs/cloud-service.md). Paths are relative to {@code /_wmcs/admin/}. This class only routes: it checks the
 * caller's role for the first path segment and hands the request to the resource that serves it
 * ({@link TemplatesResource}, {@link SuperUsersResource}, {@link DirectoryResource},
 * {@link AuthorizedServersResource}, {@link ChangeFeed}, {@link ConnectorsResource}, {@link UsageResource},
 * {@link ContentResource}), and it
 * turns the store's refusals into 409, 404 and 400 for all of them.
 *
 * <p>Roles: {@code global-admin} may do everything; {@code connector-admin} may manage authorized servers and
 * register connectors; the authorized-servers change feed also answers connectors (actor assertion, with or
 * without an entry). A registered connector speaking for itself (an assertion without entry and role) may also
 * add and remove authorized-servers entries and list the registered connectors: its console's administrator acts
 * as the tenant's connector administrator, as the reference's admin tool does after sign-in, and the connector is
 * trusted to assert its callers' identities already. Anyone else gets 403 {@code admin_role_required} naming the
 * role.
 *
 * <p>When it holds the tenant key, every authorized-servers answer (the list and the change feed) also carries
 * {@code "signed"} ({@link AuthorizedServersJson}), and registering a connector answers the tenant public key
 * ({@code "tenantKey"}). Without the key (the older constructors) neither appears.
 */
public final class CloudAdminImpl implements CloudAdmin {

    /** How often a waiting long-poll re-reads the store even without a notification. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);
    /** How many usage records a request without {@code limit} gets. */
    public static final int DEFAULT_USAGE_LIMIT = UsageResource.DEFAULT_LIMIT;

    private final TemplatesResource templates;
    private final SuperUsersResource superUsers;
    private final DirectoryResource directory;
    private final ChangeFeed changeFeed;
    private final AuthorizedServersResource authorizedServers;
    private final ConnectorsResource connectors;
    private final UsageResource usage;
    private final ContentResource content;

    public CloudAdminImpl(CloudStore store, Clock clock, String serviceVersion) {
        this(store, clock, serviceVersion, DEFAULT_RECHECK);
    }

    /**
     * @param recheck how often a waiting long-poll re-reads the store without a notification
     */
    public CloudAdminImpl(CloudStore store, Clock clock, String serviceVersion, Duration recheck) {
        this(store, null, clock, serviceVersion, recheck);
    }

    /**
     * @param tenantKeys signs the authorized-servers list ({@code "signed"}) and is named to registering connectors
     *        ({@code "tenantKey"}); null: neither
     * @param recheck how often a waiting long-poll re-reads the store without a notification
     */
    public CloudAdminImpl(CloudStore store, TenantKeys tenantKeys, Clock clock, String serviceVersion,
            Duration recheck) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(serviceVersion, "serviceVersion");
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck must be positive");
        }
        AuthorizedServersJson listJson = new AuthorizedServersJson(store, tenantKeys, clock);
        this.templates = new TemplatesResource(store);
        this.superUsers = new SuperUsersResource(store);
        this.directory = new DirectoryResource(store);
        this.changeFeed = new ChangeFeed(store, listJson, recheck);
        this.authorizedServers = new AuthorizedServersResource(store, listJson, changeFeed);
        this.connectors = new ConnectorsResource(store, tenantKeys, clock);
        this.usage = new UsageResource(store, clock, serviceVersion);
        this.content = new ContentResource(store, clock);
    }

    /**
     * Wakes waiting long-polls: call after changing the authorized-servers list through the store directly (e.g. a
     * directory import tool in the same process). Changes made through this API notify by themselves.
     */
    public void authorizedServersChanged() {
        changeFeed.changed();
    }

    @Override
    public AdminAnswer handle(CloudCaller caller, String method, String path, Map<String, String> query, String body,
            Duration maxWait) throws CloudException {
        Objects.requireNonNull(caller, "caller");
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        Map<String, String> q = query == null ? Map.of() : query;
        String p = path == null ? "" : path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        List<String> seg = p.isEmpty() ? List.of() : Arrays.asList(p.split("/"));
        try {
            return route(new AdminRequest(caller, m, seg, q, body), maxWait == null ? Duration.ZERO : maxWait);
        } catch (DuplicateEntryException e) {
            throw new CloudException(409, "conflict", e.getMessage(), e);
        } catch (NoSuchEntryException e) {
            throw new CloudException(404, "not_found", e.getMessage(), e);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CloudException(400, "bad_request", e.getMessage(), e);
        }
    }

    private AdminAnswer route(AdminRequest r, Duration maxWait) throws CloudException {
        if (r.depth() == 0) {
            throw AdminRequest.noResource("");
        }
        CloudCaller caller = r.caller();
        switch (r.segment(0)) {
            case "templates":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                return templates.handle(r);
            case "superusers":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                requireDepth(r, 1);
                return superUsers.handle(r);
            case "directory":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                return directory.handle(r);
            case "authorized-servers":
                if (r.depth() == 2 && r.segment(1).equals("changes")) {
                    if (caller.kind() != CloudCaller.Kind.CONNECTOR) {
                        requireRole(caller, CredentialStore.CONNECTOR_ADMIN, CredentialStore.GLOBAL_ADMIN);
                    }
                    r.requireMethod("GET");
                    return changeFeed.poll(r, maxWait);
                }
                if (!(r.fromConnectorItself() && (r.method().equals("POST") || r.method().equals("DELETE")))) {
                    requireRole(caller, CredentialStore.CONNECTOR_ADMIN, CredentialStore.GLOBAL_ADMIN);
                }
                requireDepth(r, 1);
                return authorizedServers.handle(r);
            case "connectors":
                if (!(r.fromConnectorItself() && r.method().equals("GET"))) {
                    requireRole(caller, CredentialStore.CONNECTOR_ADMIN, CredentialStore.GLOBAL_ADMIN);
                }
                requireDepth(r, 1);
                return connectors.handle(r);
            case "usage":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                requireDepth(r, 1);
                r.requireMethod("GET");
                return usage.handle(r);
            case "content":
                // its owner or a global administrator: ContentResource decides, as only it knows the owner
                return content.handle(r);
            default:
                throw r.noResource();
        }
    }

    private static void requireRole(CloudCaller caller, String... roles) throws CloudException {
        if (caller.kind() == CloudCaller.Kind.USER) {
            for (String r : roles) {
                if (caller.hasAdminRole(r)) {
                    return;
                }
            }
        }
        throw CloudException.forbidden("admin_role_required", "this needs the " + String.join(" or ", roles)
                + " role; " + caller.identity() + " does not hold it");
    }

    private static void requireDepth(AdminRequest r, int depth) throws CloudException {
        if (r.depth() != depth) {
            throw r.noResource();
        }
    }
}
