package org.rmsconnector.cloud.internal.service;

import java.io.StringWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.rmsconnector.cloud.internal.directory.Directory;
import org.rmsconnector.cloud.internal.model.AuthorizedServer;
import org.rmsconnector.cloud.internal.model.AuthorizedServerChange;
import org.rmsconnector.cloud.internal.model.AuthorizedServerList;
import org.rmsconnector.cloud.internal.model.Group;
import org.rmsconnector.cloud.internal.model.RegisteredConnector;
import org.rmsconnector.cloud.internal.model.ServerRole;
import org.rmsconnector.cloud.internal.model.SuperUserConfig;
import org.rmsconnector.cloud.internal.model.Template;
import org.rmsconnector.cloud.internal.model.TemplateStatus;
import org.rmsconnector.cloud.internal.model.TenantInfo;
import org.rmsconnector.cloud.internal.model.UsageRecord;
import org.rmsconnector.cloud.internal.model.User;
import org.rmsconnector.cloud.internal.store.CloudStore;
import org.rmsconnector.cloud.internal.store.CredentialStore;
import org.rmsconnector.cloud.internal.store.DuplicateEntryException;
import org.rmsconnector.cloud.internal.store.NoSuchEntryException;
import org.rmsconnector.cloud.internal.store.UsageQuery;
import org.rmsconnector.cloud.internal.usage.W3cUsageLogWriter;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.SignedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administration API (docs/cloud-api.md, "Administration"; the bodies are documented in
 * docs/cloud-service.md). Paths are relative to {@code /_wmcs/admin/}.
 *
 * <p>Roles: {@code global-admin} may do everything; {@code connector-admin} may manage authorized servers and
 * register connectors; the authorized-servers change feed also answers connectors (actor assertion, with or
 * without an entry). A registered connector speaking for itself (an assertion without entry and role) may also
 * add and remove authorized-servers entries and list the registered connectors: its console's administrator acts
 * as the tenant's connector administrator, as the reference's admin tool does after sign-in, and the connector is
 * trusted to assert its callers' identities already. A connector never replaces an entry: adding an account that
 * is listed answers 409. Anyone else gets 403 {@code admin_role_required} naming the role. Every change of the
 * list is recorded with who made it ({@code changedBy} of the change feed, and the service log).
 *
 * <p>The change feed ({@code GET authorized-servers/changes?since=N&waitSeconds=S}) is a long-poll: it answers at
 * once when the list version is past {@code N} (or below it: the list was reset), otherwise waits until a change
 * or {@code S} seconds (capped at the caller's {@code maxWait}). While waiting it holds no transaction and no lock:
 * it sleeps on a monitor that this service's own writes notify, and re-reads the store on every wake-up and at
 * least every {@link #DEFAULT_RECHECK} (writers elsewhere, e.g. another service node on the same database, do not
 * notify it).
 *
 * <p>When it holds the tenant key, every authorized-servers answer (the list and the change feed) also carries
 * {@code "signed"}: the same list as a tenant-signed {@link SignedPolicy} JWS, which connectors verify with the
 * tenant key and keep as their last-known-good copy; and registering a connector answers the tenant public key
 * ({@code "tenantKey"}, a JWK) for the connector to pin. Without the key (the older constructors) neither appears.
 */
public final class CloudAdminImpl implements CloudAdmin {

    /** How often a waiting long-poll re-reads the store even without a notification. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);
    /** Default and maximum number of usage records one request returns. */
    public static final int DEFAULT_USAGE_LIMIT = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(CloudAdminImpl.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final CloudStore store;
    private final Clock clock;
    private final String serviceVersion;
    private final Duration recheck;
    private final TenantKeys tenantKeys;
    private final ChangeSignal changes = new ChangeSignal();
    // the last list signed, reused while the list stays the same: a long-poll answer per connector per change must
    // not cost an RSA signature each
    private final AtomicReference<Signed> lastSigned = new AtomicReference<>();

    private record Signed(AuthorizedServerList list, String compact) {
    }

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
        this.tenantKeys = tenantKeys;
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serviceVersion = Objects.requireNonNull(serviceVersion, "serviceVersion");
        if (recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException("recheck must be positive");
        }
        this.recheck = recheck;
    }

    /**
     * Wakes waiting long-polls: call after changing the authorized-servers list through the store directly (e.g. a
     * directory import tool in the same process). Changes made through this API notify by themselves.
     */
    public void authorizedServersChanged() {
        changes.signal();
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
            return dispatch(caller, m, seg, q, body, maxWait == null ? Duration.ZERO : maxWait);
        } catch (DuplicateEntryException e) {
            throw new CloudException(409, "conflict", e.getMessage(), e);
        } catch (NoSuchEntryException e) {
            throw new CloudException(404, "not_found", e.getMessage(), e);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CloudException(400, "bad_request", e.getMessage(), e);
        }
    }

    private AdminAnswer dispatch(CloudCaller caller, String method, List<String> seg, Map<String, String> q,
            String body, Duration maxWait) throws CloudException {
        if (seg.isEmpty()) {
            throw CloudException.notFound("no administration resource at /_wmcs/admin/");
        }
        String path = String.join("/", seg);
        switch (seg.get(0)) {
            case "templates":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                return templates(caller, method, seg, body, path);
            case "superusers":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                requirePath(seg.size() == 1, path);
                return superUsers(method, body, path);
            case "directory":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                return directory(caller, method, seg, q, body, path);
            case "authorized-servers":
                if (seg.size() == 2 && seg.get(1).equals("changes")) {
                    if (caller.kind() != CloudCaller.Kind.CONNECTOR) {
                        requireRole(caller, CredentialStore.CONNECTOR_ADMIN, CredentialStore.GLOBAL_ADMIN);
                    }
                    requireMethod(method, path, "GET");
                    return changes(q, maxWait);
                }
                if (!(isConnectorItself(caller) && (method.equals("POST") || method.equals("DELETE")))) {
                    requireRole(caller, CredentialStore.CONNECTOR_ADMIN, CredentialStore.GLOBAL_ADMIN);
                }
                requirePath(seg.size() == 1, path);
                return authorizedServers(caller, method, q, body, path);
            case "connectors":
                if (!(isConnectorItself(caller) && method.equals("GET"))) {
                    requireRole(caller, CredentialStore.CONNECTOR_ADMIN, CredentialStore.GLOBAL_ADMIN);
                }
                requirePath(seg.size() == 1, path);
                return connectors(caller, method, body, path);
            case "usage":
                requireRole(caller, CredentialStore.GLOBAL_ADMIN);
                requirePath(seg.size() == 1, path);
                requireMethod(method, path, "GET");
                return usage(q);
            default:
                throw CloudException.notFound("no administration resource at /_wmcs/admin/" + path);
        }
    }

    // ---- templates -------------------------------------------------------------------------------------------

    private AdminAnswer templates(CloudCaller caller, String method, List<String> seg, String body, String path)
            throws CloudException {
        if (seg.size() == 1) {
            switch (method) {
                case "GET": {
                    List<Object> list = new ArrayList<>();
                    for (Template t : store.templates().list(true)) {
                        list.add(TemplateJson.toMap(t));
                    }
                    return ok(JsonSupport.object().put("templates", list));
                }
                case "POST": {
                    Template t = TemplateJson.fromBody(JsonSupport.Body.parse(body), UUID.randomUUID(),
                            TemplateStatus.PUBLISHED);
                    return json(201, TemplateJson.toJson(store.templates().create(t)));
                }
                default:
                    throw notAllowed(method, path, "GET, POST");
            }
        }
        UUID id = uuid(seg.get(1));
        if (seg.size() == 2) {
            switch (method) {
                case "GET":
                    return json(200, TemplateJson.toJson(store.templates().find(id)
                            .orElseThrow(() -> CloudException.notFound("no template " + id))));
                case "PUT": {
                    Template current = store.templates().find(id)
                            .orElseThrow(() -> CloudException.notFound("no template " + id));
                    Template t = TemplateJson.fromBody(JsonSupport.Body.parse(body), id, current.status());
                    return json(200, TemplateJson.toJson(store.templates().update(t)));
                }
                default:
                    throw notAllowed(method, path, "GET, PUT");
            }
        }
        if (seg.size() == 3 && seg.get(2).equals("archive")) {
            requireMethod(method, path, "POST");
            return json(200, TemplateJson.toJson(store.templates().archive(id)));
        }
        throw CloudException.notFound("no administration resource at /_wmcs/admin/" + path);
    }

    // ---- super users -----------------------------------------------------------------------------------------

    private AdminAnswer superUsers(String method, String body, String path) throws CloudException {
        switch (method) {
            case "GET":
                return ok(superUserJson(store.tenant().superUsers()));
            case "PUT": {
                JsonSupport.Body b = JsonSupport.Body.parse(body);
                boolean enabled = b.bool("enabled", false);
                String group = b.optString("group");
                SuperUserConfig wanted = new SuperUserConfig(enabled, group, new HashSet<>(b.strings("users")));
                store.tx().required(c -> {
                    store.tenant().setSuperUserFeature(wanted.enabled(), wanted.group());
                    for (String u : store.tenant().superUsers().users()) {
                        if (!wanted.users().contains(u)) {
                            store.tenant().removeSuperUser(u);
                        }
                    }
                    for (String u : wanted.users()) {
                        store.tenant().addSuperUser(u);
                    }
                    return null;
                });
                return ok(superUserJson(store.tenant().superUsers()));
            }
            default:
                throw notAllowed(method, path, "GET, PUT");
        }
    }

    private static JsonSupport.Obj superUserJson(SuperUserConfig c) {
        return JsonSupport.object().put("enabled", c.enabled()).put("group", c.group())
                .put("users", new ArrayList<>(c.users()));
    }

    // ---- directory -------------------------------------------------------------------------------------------

    private AdminAnswer directory(CloudCaller caller, String method, List<String> seg, Map<String, String> q,
            String body, String path) throws CloudException {
        if (seg.size() >= 2 && seg.get(1).equals("users")) {
            if (seg.size() == 2) {
                return users(caller, method, q, body, path);
            }
            if (seg.size() == 4) {
                String upn = seg.get(2);
                User user = store.directory().findUser(upn)
                        .orElseThrow(() -> CloudException.notFound("no directory user " + upn));
                switch (seg.get(3)) {
                    case "password": {
                        requireMethod(method, path, "PUT", "POST");
                        char[] password = JsonSupport.Body.parse(body).string("password").toCharArray();
                        try {
                            store.credentials().setPassword(user.upn(), password);
                        } finally {
                            Arrays.fill(password, '\0');
                        }
                        return ok(userJson(user));
                    }
                    case "roles": {
                        if (method.equals("GET")) {
                            return ok(userJson(user));
                        }
                        requireMethod(method, path, "GET", "PUT");
                        store.credentials().setRoles(user.upn(),
                                new HashSet<>(JsonSupport.Body.parse(body).strings("adminRoles")), caller.identity());
                        return ok(userJson(user));
                    }
                    default:
                        break;
                }
            }
        }
        if (seg.size() == 2 && seg.get(1).equals("groups")) {
            return groups(method, q, body, path);
        }
        throw CloudException.notFound("no administration resource at /_wmcs/admin/" + path);
    }

    private AdminAnswer users(CloudCaller caller, String method, Map<String, String> q, String body, String path)
            throws CloudException {
        switch (method) {
            case "GET": {
                List<User> users = new ArrayList<>(store.directory().load().users());
                users.sort((a, b) -> a.upn().compareTo(b.upn()));
                List<Object> out = new ArrayList<>();
                for (User u : users) {
                    out.add(userJson(u).map());
                }
                return ok(JsonSupport.object().put("users", out));
            }
            case "POST": {
                JsonSupport.Body b = JsonSupport.Body.parse(body);
                User user = new User(b.string("upn"), b.optString("email"), b.optString("displayName"));
                String password = b.optString("password");
                boolean created = store.directory().findUser(user.upn()).isEmpty();
                store.directory().putUser(user);
                if (password != null) {
                    char[] pw = password.toCharArray();
                    try {
                        store.credentials().setPassword(user.upn(), pw);
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                }
                if (b.has("adminRoles")) {
                    store.credentials().setRoles(user.upn(), new HashSet<>(b.strings("adminRoles")), caller.identity());
                }
                return json(created ? 201 : 200, userJson(user).toJson());
            }
            case "DELETE": {
                String upn = required(q, "upn");
                User user = store.directory().findUser(upn)
                        .orElseThrow(() -> CloudException.notFound("no directory user " + upn));
                store.tx().required(c -> {
                    store.directory().removeUser(user.upn());
                    store.credentials().removeUser(user.upn());
                    return null;
                });
                return ok(JsonSupport.object().put("removed", user.upn()));
            }
            default:
                throw notAllowed(method, path, "GET, POST, DELETE");
        }
    }

    private JsonSupport.Obj userJson(User u) {
        return JsonSupport.object().put("upn", u.upn()).put("email", u.email()).put("displayName", u.displayName())
                .put("hasPassword", store.credentials().hasPassword(u.upn()))
                .put("adminRoles", new ArrayList<>(store.credentials().roles(u.upn())));
    }

    private AdminAnswer groups(String method, Map<String, String> q, String body, String path) throws CloudException {
        switch (method) {
            case "GET": {
                Directory d = store.directory().load();
                List<Object> out = new ArrayList<>();
                List<Group> groups = new ArrayList<>(d.groups());
                groups.sort((a, b) -> a.name().compareTo(b.name()));
                for (Group g : groups) {
                    out.add(groupJson(g).map());
                }
                return ok(JsonSupport.object().put("groups", out));
            }
            case "POST": {
                JsonSupport.Body b = JsonSupport.Body.parse(body);
                Group g = new Group(b.string("name"), new TreeSet<>(b.strings("users")),
                        new TreeSet<>(b.strings("groups")));
                boolean created = store.directory().load().findGroup(g.name()).isEmpty();
                store.directory().putGroup(g);
                return json(created ? 201 : 200, groupJson(g).toJson());
            }
            case "DELETE": {
                String name = required(q, "name");
                if (!store.directory().removeGroup(name)) {
                    throw CloudException.notFound("no directory group " + name);
                }
                return ok(JsonSupport.object().put("removed", name.strip().toLowerCase(Locale.ROOT)));
            }
            default:
                throw notAllowed(method, path, "GET, POST, DELETE");
        }
    }

    private static JsonSupport.Obj groupJson(Group g) {
        return JsonSupport.object().put("name", g.name()).put("users", new ArrayList<>(g.memberUsers()))
                .put("groups", new ArrayList<>(g.memberGroups()));
    }

    // ---- authorized servers ----------------------------------------------------------------------------------

    private AdminAnswer authorizedServers(CloudCaller caller, String method, Map<String, String> q, String body,
            String path) throws CloudException {
        switch (method) {
            case "GET":
                return ok(signedListJson(store.authorizedServers().list()));
            case "POST": {
                JsonSupport.Body b = JsonSupport.Body.parse(body);
                AuthorizedServer entry = AuthorizedServer.parse(b.string("account"), b.string("kind"), b.string("role"));
                String who = who(caller);
                long version = store.tx().required(c -> {
                    if (isConnectorItself(caller)) {
                        Optional<AuthorizedServer> listed = store.authorizedServers().find(entry.account());
                        if (listed.isPresent()) {
                            throw new DuplicateEntryException("'" + listed.get().account() + "' is already authorized"
                                    + " for " + roleName(listed.get().role()) + "; remove that entry first to change"
                                    + " it");
                        }
                    }
                    long v = store.authorizedServers().put(entry, who);
                    if (entry.role() == ServerRole.EXCHANGE) {
                        // adding an Exchange entry turns the super-user feature on for it
                        SuperUserConfig su = store.tenant().superUsers();
                        if (!su.enabled()) {
                            store.tenant().setSuperUserFeature(true, su.group());
                        }
                    }
                    return v;
                });
                changes.signal();
                LOG.info("{} authorized {} ({}, {}): authorized-servers list version {}", who, entry.account(),
                        entry.kind().name().toLowerCase(Locale.ROOT), roleName(entry.role()), version);
                return json(201, JsonSupport.object().put("version", version).put("entry", entryJson(entry).map())
                        .toJson());
            }
            case "DELETE": {
                String account = required(q, "account");
                ServerRole role = q.containsKey("role") ? ServerRole.parse(required(q, "role")) : null;
                String who = who(caller);
                long version = store.tx().required(c -> {
                    if (role != null) {
                        AuthorizedServer listed = store.authorizedServers().find(account).orElseThrow(
                                () -> new NoSuchEntryException("account '" + account + "' is not authorized"));
                        if (listed.role() != role) {
                            throw new NoSuchEntryException("account '" + listed.account() + "' is authorized for "
                                    + roleName(listed.role()) + ", not for " + roleName(role));
                        }
                    }
                    return store.authorizedServers().remove(account, who);
                });
                changes.signal();
                LOG.info("{} removed {} from the authorized servers: list version {}", who, account, version);
                return ok(JsonSupport.object().put("version", version));
            }
            default:
                throw notAllowed(method, path, "GET, POST, DELETE");
        }
    }

    private AdminAnswer changes(Map<String, String> q, Duration maxWait) throws CloudException {
        long since = parseLong(required(q, "since"), "since", 0, Long.MAX_VALUE);
        long waitSeconds = q.containsKey("waitSeconds") ? parseLong(q.get("waitSeconds"), "waitSeconds", 0, 86_400) : 0;
        Duration wait = Duration.ofSeconds(waitSeconds);
        if (maxWait.isNegative()) {
            maxWait = Duration.ZERO;
        }
        if (wait.compareTo(maxWait) > 0) {
            wait = maxWait;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen = changes.sequence(); // before reading the store: a change after this read still wakes us
            AuthorizedServerList list = store.authorizedServers().list();
            if (list.version() != since) {
                return changesAnswer(list, since, true);
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return changesAnswer(list, since, false);
            }
            long until = Math.min(deadline - now, recheck.toNanos()) + now;
            try {
                changes.await(seen, until);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: answer with what there is
                return changesAnswer(store.authorizedServers().list(), since, false);
            }
        }
    }

    private AdminAnswer changesAnswer(AuthorizedServerList list, long since, boolean changed) throws CloudException {
        JsonSupport.Obj o = signedListJson(list).put("since", since).put("changed", changed);
        if (changed) {
            List<Object> feed = new ArrayList<>();
            boolean reset = list.version() < since;
            if (!reset) {
                for (AuthorizedServerChange c : store.authorizedServers().changesSince(since)) {
                    feed.add(JsonSupport.object().put("version", c.version())
                            .put("type", c.type().name().toLowerCase(Locale.ROOT))
                            .put("entry", entryJson(c.entry()).map()).put("changedAt", c.changedAt().toString())
                            .put("changedBy", c.changedBy()).map());
                }
            }
            o.put("reset", reset).put("changes", feed);
        }
        return ok(o);
    }

    private static JsonSupport.Obj listJson(AuthorizedServerList list) {
        List<Object> entries = new ArrayList<>();
        for (AuthorizedServer s : list.entries()) {
            entries.add(entryJson(s).map());
        }
        return JsonSupport.object().put("version", list.version()).put("entries", entries);
    }

    private JsonSupport.Obj signedListJson(AuthorizedServerList list) throws CloudException {
        JsonSupport.Obj o = listJson(list);
        if (tenantKeys != null) {
            o.put("signed", sign(list));
        }
        return o;
    }

    private String sign(AuthorizedServerList list) throws CloudException {
        Signed last = lastSigned.get();
        if (last != null && last.list().equals(list)) {
            return last.compact();
        }
        List<SignedPolicy.Entry> entries = new ArrayList<>();
        for (AuthorizedServer s : list.entries()) {
            entries.add(new SignedPolicy.Entry(s.account(), s.kind().name().toLowerCase(Locale.ROOT),
                    s.role().name().toLowerCase(Locale.ROOT)));
        }
        String tenantId = store.tenant().find().map(TenantInfo::tenantId)
                .orElseThrow(() -> new CloudException(500, "no_tenant", "the tenant is not initialized"));
        try {
            String compact = SignedPolicy.issue(tenantKeys.privateKey(), tenantKeys.kid(), tenantId, list.version(),
                    entries, clock.instant()).compact();
            lastSigned.set(new Signed(list, compact));
            return compact;
        } catch (ProtocolException e) {
            throw new CloudException(500, "signing_failed", "cannot sign the authorized-servers list with the tenant"
                    + " key: " + e.getMessage(), e);
        }
    }

    private static JsonSupport.Obj entryJson(AuthorizedServer s) {
        return JsonSupport.object().put("account", s.account()).put("kind", s.kind().name().toLowerCase(Locale.ROOT))
                .put("role", s.role().name().toLowerCase(Locale.ROOT));
    }

    // ---- connectors ------------------------------------------------------------------------------------------

    private AdminAnswer connectors(CloudCaller caller, String method, String body, String path) throws CloudException {
        switch (method) {
            case "GET": {
                List<Object> out = new ArrayList<>();
                for (RegisteredConnector c : store.connectors().list()) {
                    out.add(JsonSupport.object().put("id", c.id()).put("name", c.name())
                            .put("registeredAt", c.createdAt().toString())
                            .put("lastSeen", c.lastSeen() == null ? null : c.lastSeen().toString())
                            .put("createdAt", c.createdAt().toString()).put("createdBy", c.createdBy()).map());
                }
                return ok(JsonSupport.object().put("connectors", out));
            }
            case "POST": {
                JsonSupport.Body b = JsonSupport.Body.parse(body);
                String name = b.string("name");
                Object raw = b.raw("publicJwk");
                String jwkText;
                if (raw instanceof String s) {
                    jwkText = s;
                } else if (raw instanceof Map<?, ?>) {
                    jwkText = b.optObject("publicJwk").toJson();
                } else {
                    throw b.bad("publicJwk", raw == null ? "missing" : "expected a JWK object");
                }
                PublicJwk jwk;
                try {
                    jwk = PublicJwk.fromJson(jwkText);
                } catch (ProtocolException e) {
                    throw b.bad("publicJwk", e.getMessage());
                }
                RegisteredConnector c = store.connectors().register(new RegisteredConnector(UUID.randomUUID().toString(),
                        name, jwk.toJson(), null, clock.instant(), caller.identity()));
                JsonSupport.Obj answer = JsonSupport.object().put("id", c.id()).put("name", c.name())
                        .put("kid", jwk.kid());
                if (tenantKeys != null) {
                    // the connector pins this key to verify the signed list; it arrives over the same authenticated
                    // TLS exchange that registered the connector
                    answer.put("tenantKey", jsonObject(tenantKeys.publicJwk().toJson()));
                }
                return json(201, answer.toJson());
            }
            default:
                throw notAllowed(method, path, "GET, POST");
        }
    }

    // ---- usage -----------------------------------------------------------------------------------------------

    private AdminAnswer usage(Map<String, String> q) throws CloudException {
        Instant from = q.containsKey("from") ? Instant.parse(q.get("from")) : null;
        Instant to = q.containsKey("to") ? Instant.parse(q.get("to")) : null;
        int limit = q.containsKey("limit") ? (int) parseLong(q.get("limit"), "limit", 1, UsageQuery.MAX_LIMIT)
                : DEFAULT_USAGE_LIMIT;
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
        for (UsageRecord r : records) {
            out.add(JsonSupport.object().put("timestamp", r.timestamp().toString()).put("requestType", r.requestType())
                    .put("user", r.user()).put("result", r.result()).put("correlationId", r.correlationId())
                    .put("contentId", r.contentId()).put("owner", r.owner()).put("issuer", r.issuer())
                    .put("templateId", r.templateId() == null ? null : r.templateId().toString())
                    .put("actingAs", r.actingAs()).put("connectorId", r.connectorId()).map());
        }
        return ok(JsonSupport.object().put("records", out));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A registered connector speaking for itself, not forwarding for an on-premises server. */
    private static boolean isConnectorItself(CloudCaller caller) {
        return caller.kind() == CloudCaller.Kind.CONNECTOR && caller.role() == null && caller.connectorId() != null;
    }

    /** Who made a change, for the change feed and the log: the user, or the connector by name and id. */
    private String who(CloudCaller caller) {
        if (caller.kind() != CloudCaller.Kind.CONNECTOR) {
            return caller.identity();
        }
        String name = caller.connectorId() == null ? null
                : store.connectors().find(caller.connectorId()).map(RegisteredConnector::name).orElse(null);
        return "connector '" + (name == null ? "?" : name) + "' (" + caller.connectorId() + ")";
    }

    private static String roleName(ServerRole role) {
        return role.name().toLowerCase(Locale.ROOT);
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

    private static void requirePath(boolean ok, String path) throws CloudException {
        if (!ok) {
            throw CloudException.notFound("no administration resource at /_wmcs/admin/" + path);
        }
    }

    private static void requireMethod(String method, String path, String... allowed) throws CloudException {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw notAllowed(method, path, String.join(", ", allowed));
    }

    private static CloudException notAllowed(String method, String path, String allowed) {
        return new CloudException(405, "method_not_allowed", method + " is not allowed on /_wmcs/admin/" + path
                + " (allowed: " + allowed + ")");
    }

    private static String required(Map<String, String> q, String name) throws CloudException {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            throw CloudException.badRequest("query parameter '" + name + "' is required");
        }
        return v.strip();
    }

    private static long parseLong(String text, String name, long min, long max) throws CloudException {
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

    private static UUID uuid(String text) throws CloudException {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw CloudException.notFound("'" + text + "' is not a template id");
        }
    }

    private static Map<String, Object> jsonObject(String json) {
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("not a JSON object: " + json, e);
        }
    }

    private static AdminAnswer ok(JsonSupport.Obj o) {
        return json(200, o.toJson());
    }

    private static AdminAnswer json(int status, String body) {
        return new AdminAnswer(status, JSON, body);
    }
}
