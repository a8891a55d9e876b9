package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.assertRefused;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.basic;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.parse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.channel.SignedPolicy;
import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.service.internal.usage.W3cUsageLogWriter;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.testing.Await;

class CloudAdminTest {

    @TempDir
    Path tmp;

    private ServiceFixture f;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        f = ServiceFixture.start(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        f.close();
    }

    private AdminAnswer call(CloudCaller who, String method, String path, Map<String, String> query, String body)
            throws CloudException {
        return f.admin().handle(who, method, path, query, body, Duration.ofSeconds(5));
    }

    @Test
    void everyPathChecksTheRole() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        for (String path : List.of("templates", "superusers", "directory/users", "directory/groups",
                "authorized-servers", "authorized-servers/changes", "connectors", "usage")) {
            CloudException e = assertRefused(403, "admin_role_required",
                    () -> call(alice, "GET", path, Map.of("since", "0"), ""));
            assertTrue(e.getMessage().contains("-admin"), e.getMessage());
        }
        // a connector administrator manages authorized servers and connectors only
        f.adminCall("POST", "directory/users", Map.of(), "{\"upn\":\"ops@contoso.com\",\"password\":\"ops-pw\","
                + "\"adminRoles\":[\"connector-admin\"]}");
        CloudCaller ops = f.auth().authenticate(basic("ops@contoso.com", "ops-pw"), "r");
        assertEquals(200, call(ops, "GET", "authorized-servers", Map.of(), "").status());
        assertEquals(201, call(ops, "POST", "authorized-servers", Map.of(),
                "{\"account\":\"SP01$\",\"kind\":\"computer\",\"role\":\"sharepoint\"}").status());
        CloudException e = assertRefused(403, "admin_role_required", () -> call(ops, "GET", "templates", Map.of(), ""));
        assertTrue(e.getMessage().contains("global-admin"), e.getMessage());
        assertRefused(404, "not_found", () -> f.adminCall("GET", "nothing-here", Map.of(), ""));
        assertRefused(405, "method_not_allowed", () -> f.adminCall("PATCH", "templates", Map.of(), ""));
    }

    @Test
    void templatesAreCreatedUpdatedAndArchived() throws Exception {
        AdminAnswer created = f.adminCall("POST", "templates", Map.of(), "{\"name\":\"Legal - Privileged\","
                + "\"description\":\"Lawyers only\",\"grants\":[{\"kind\":\"user\",\"principal\":\"bob@contoso.com\","
                + "\"rights\":[\"VIEW\",\"PRINT\"]}],\"expiry\":{\"kind\":\"onDate\",\"date\":\"2027-06-30T00:00:00Z\"},"
                + "\"offlineDays\":3,\"forApplications\":true}");
        assertEquals(201, created.status(), created.body());
        Map<String, Object> t = parse(created.body());
        String id = (String) t.get("id");
        assertEquals("published", t.get("status"));
        assertEquals(Map.of("kind", "onDate", "date", "2027-06-30T00:00:00Z"), t.get("expiry"));

        AdminAnswer updated = f.adminCall("PUT", "templates/" + id, Map.of(), "{\"name\":\"Legal - Privileged\","
                + "\"grants\":[{\"kind\":\"everyone\",\"rights\":[\"VIEW\"]}],\"offlineDays\":0}");
        assertEquals(200, updated.status(), updated.body());
        assertEquals(List.of(Map.of("kind", "everyone", "rights", List.of("VIEW"))), parse(updated.body()).get("grants"));
        // the servers' listing is served from memory, and shows the change at once, with the new content hash
        org.rmsconnector.protocol.TemplateSummary listed = f.ops().templates(f.user(DemoTenant.BOB)).templates()
                .stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        assertEquals(parse(updated.body()).get("hash"), listed.hash());
        assertFalse(listed.hash().equals(t.get("hash")), "the update changed the hash");
        assertEquals(4, ((List<?>) parse(f.adminCall("GET", "templates", Map.of(), "").body()).get("templates")).size());

        assertEquals("archived", parse(f.adminCall("POST", "templates/" + id + "/archive", Map.of(), "").body())
                .get("status"));
        assertEquals(3, f.ops().templates(f.user(DemoTenant.BOB)).templates().size(), "archived: not offered");

        assertRefused(409, "conflict", () -> f.adminCall("POST", "templates", Map.of(),
                "{\"name\":\"legal - privileged\",\"grants\":[{\"kind\":\"everyone\",\"rights\":[\"VIEW\"]}]}"));
        assertRefused(400, "bad_request", () -> f.adminCall("POST", "templates", Map.of(),
                "{\"name\":\"No grants\",\"grants\":[]}"));
        assertRefused(400, "bad_request", () -> f.adminCall("POST", "templates", Map.of(),
                "{\"name\":\"Bad right\",\"grants\":[{\"kind\":\"everyone\",\"rights\":[\"FLY\"]}]}"));
        assertRefused(400, "bad_request", () -> f.adminCall("POST", "templates", Map.of(), "not json"));
        assertRefused(404, "not_found", () -> f.adminCall("GET", "templates/" + java.util.UUID.randomUUID(), Map.of(),
                ""));
    }

    @Test
    void usersPasswordsAndRoles() throws Exception {
        AdminAnswer a = f.adminCall("POST", "directory/users", Map.of(),
                "{\"upn\":\"Dave@Contoso.com\",\"displayName\":\"Dave\",\"password\":\"dave-pw\"}");
        assertEquals(201, a.status());
        assertEquals(Boolean.TRUE, parse(a.body()).get("hasPassword"));
        f.auth().authenticate(basic("dave@contoso.com", "dave-pw"), "r");

        f.adminCall("PUT", "directory/users/dave@contoso.com/password", Map.of(), "{\"password\":\"other-pw\"}");
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic("dave@contoso.com", "dave-pw"), "r"));
        AdminAnswer roles = f.adminCall("PUT", "directory/users/dave@contoso.com/roles", Map.of(),
                "{\"adminRoles\":[\"global-admin\"]}");
        assertEquals(List.of("global-admin"), parse(roles.body()).get("adminRoles"));
        CloudCaller dave = f.auth().authenticate(basic("dave@contoso.com", "other-pw"), "r");
        assertEquals(200, call(dave, "GET", "superusers", Map.of(), "").status());
        assertRefused(400, "bad_request", () -> f.adminCall("PUT", "directory/users/dave@contoso.com/roles", Map.of(),
                "{\"adminRoles\":[\"root\"]}"));

        f.adminCall("DELETE", "directory/users", Map.of("upn", "dave@contoso.com"), "");
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic("dave@contoso.com", "other-pw"), "r"));
        assertFalse(f.services.store().credentials().hasPassword("dave@contoso.com"));
        assertRefused(404, "not_found", () -> f.adminCall("DELETE", "directory/users", Map.of("upn", "dave@contoso.com"),
                ""));
        List<?> users = (List<?>) parse(f.adminCall("GET", "directory/users", Map.of(), "").body()).get("users");
        assertEquals(4, users.size());
    }

    @Test
    void groupsAndSuperUsers() throws Exception {
        List<?> groups = (List<?>) parse(f.adminCall("GET", "directory/groups", Map.of(), "").body()).get("groups");
        assertEquals(3, groups.size());
        assertEquals(Map.of("enabled", true, "users", List.of()),
                parse(f.adminCall("GET", "superusers", Map.of(), "").body()));
        AdminAnswer put = f.adminCall("PUT", "superusers", Map.of(),
                "{\"enabled\":true,\"group\":\"finance@contoso.com\",\"users\":[\"Bob@contoso.com\"]}");
        assertEquals(Map.of("enabled", true, "group", "finance@contoso.com", "users", List.of("bob@contoso.com")),
                parse(put.body()));
        f.adminCall("PUT", "superusers", Map.of(), "{\"enabled\":false,\"users\":[]}");
        assertFalse(f.services.store().tenant().superUsers().enabled());
        assertTrue(f.services.store().tenant().superUsers().users().isEmpty());
    }

    @Test
    void addingAnExchangeEntryTurnsSuperUserOn() throws Exception {
        f.adminCall("PUT", "superusers", Map.of(), "{\"enabled\":false}");
        f.authorize("SP01$", "computer", "sharepoint");
        assertFalse(f.services.store().tenant().superUsers().enabled());
        long v = f.authorize("CONTOSO\\EXCH01$", "computer", "exchange");
        assertTrue(f.services.store().tenant().superUsers().enabled());
        Map<String, Object> list = parse(f.adminCall("GET", "authorized-servers", Map.of(), "").body());
        assertEquals(v, ((Number) list.get("version")).longValue());
        assertEquals(List.of(Map.of("account", "CONTOSO\\EXCH01$", "kind", "computer", "role", "exchange"),
                Map.of("account", "SP01$", "kind", "computer", "role", "sharepoint")), list.get("entries"));
        assertRefused(400, "bad_request", () -> f.adminCall("POST", "authorized-servers", Map.of(),
                "{\"account\":\"X$\",\"kind\":\"computer\",\"role\":\"admin\"}"));
        assertRefused(404, "not_found", () -> f.adminCall("DELETE", "authorized-servers", Map.of("account", "nobody"),
                ""));
    }

    @Test
    void connectorsAreRegisteredWithAPublicKey() throws Exception {
        String id = f.registerConnector("node-1", ServiceFixture.CONNECTOR_KEY);
        assertEquals(1, ((List<?>) parse(f.adminCall("GET", "connectors", Map.of(), "").body()).get("connectors"))
                .size());
        assertTrue(f.services.store().connectors().find(id).orElseThrow().publicKey().contains("\"kty\":\"RSA\""));
        assertRefused(409, "conflict", () -> f.registerConnector("node-1", ServiceFixture.OTHER_KEY));
        assertRefused(400, "bad_request", () -> f.adminCall("POST", "connectors", Map.of(),
                "{\"name\":\"node-2\",\"publicJwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}}"));
        assertRefused(400, "bad_request", () -> f.adminCall("POST", "connectors", Map.of(), "{\"name\":\"node-3\"}"));
    }

    // ---- the long-poll -----------------------------------------------------------------------------------------

    @Test
    void longPollAnswersAtOnceWhenTheVersionMovedOn() throws Exception {
        long v = f.authorize("SP01$", "computer", "sharepoint");
        long t0 = System.nanoTime();
        AdminAnswer a = call(f.globalAdmin(), "GET", "authorized-servers/changes",
                Map.of("since", String.valueOf(v - 1), "waitSeconds", "30"), "");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "answered without waiting");
        Map<String, Object> m = parse(a.body());
        assertEquals(Boolean.TRUE, m.get("changed"));
        assertEquals(v, ((Number) m.get("version")).longValue());
        List<?> changes = (List<?>) m.get("changes");
        assertEquals(1, changes.size());
        assertEquals("added", ((Map<?, ?>) changes.get(0)).get("type"));
        // a node ahead of the list (the list was reset) gets the whole list at once
        Map<String, Object> reset = parse(call(f.globalAdmin(), "GET", "authorized-servers/changes",
                Map.of("since", String.valueOf(v + 10), "waitSeconds", "30"), "").body());
        assertEquals(Boolean.TRUE, reset.get("reset"));
    }

    @Test
    void longPollWakesUpWhenAnotherThreadChangesTheList() throws Exception {
        long v = f.services.store().authorizedServers().version();
        CloudCaller admin = f.globalAdmin();
        long t0 = System.nanoTime();
        AtomicReference<Thread> poller = new AtomicReference<>();
        Future<AdminAnswer> poll = pool.submit(() -> {
            poller.set(Thread.currentThread());
            return f.admin().handle(admin, "GET", "authorized-servers/changes",
                    Map.of("since", String.valueOf(v), "waitSeconds", "20"), "", Duration.ofSeconds(20));
        });
        awaitWaiting(poller);
        assertFalse(poll.isDone());
        Future<Long> change = pool.submit(() -> f.authorize("SP01$", "computer", "sharepoint"));
        long newVersion = change.get(10, TimeUnit.SECONDS);
        Map<String, Object> m = parse(poll.get(5, TimeUnit.SECONDS).body());
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(10), "woke up on the change, not at the 20 s timeout");
        assertEquals(Boolean.TRUE, m.get("changed"));
        assertEquals(newVersion, ((Number) m.get("version")).longValue());
    }

    @Test
    void longPollSeesChangesMadeBehindItsBackByRecheckingTheStore() throws Exception {
        long v = f.services.store().authorizedServers().version();
        CloudCaller admin = f.globalAdmin();
        AtomicReference<Thread> poller = new AtomicReference<>();
        Future<AdminAnswer> poll = pool.submit(() -> {
            poller.set(Thread.currentThread());
            return f.admin().handle(admin, "GET", "authorized-servers/changes",
                    Map.of("since", String.valueOf(v), "waitSeconds", "20"), "", Duration.ofSeconds(20));
        });
        awaitWaiting(poller);
        // straight into the store, as another service node on the same database would: no notification
        f.services.store().authorizedServers().put(org.rmsconnector.cloud.model.AuthorizedServer.parse("FILE01$",
                "computer", "fci"), "elsewhere");
        Map<String, Object> m = parse(poll.get(CloudAdminImpl.DEFAULT_RECHECK.toMillis() * 5, TimeUnit.MILLISECONDS)
                .body());
        assertEquals(Boolean.TRUE, m.get("changed"));
    }

    @Test
    void longPollTimesOutWithoutAChangeAndCapsTheWait() throws Exception {
        long v = f.services.store().authorizedServers().version();
        CloudCaller admin = f.globalAdmin();
        long t0 = System.nanoTime();
        Future<AdminAnswer> poll = pool.submit(() -> f.admin().handle(admin, "GET", "authorized-servers/changes",
                Map.of("since", String.valueOf(v), "waitSeconds", "1"), "", Duration.ofSeconds(20)));
        Map<String, Object> m = parse(poll.get(10, TimeUnit.SECONDS).body());
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Boolean.FALSE, m.get("changed"));
        assertEquals(v, ((Number) m.get("version")).longValue());
        assertTrue(elapsedMs >= 950, "waited the second asked for: " + elapsedMs + " ms");
        assertTrue(elapsedMs < 5000, "not much longer: " + elapsedMs + " ms");

        // 300 s asked, 1 s allowed by the caller
        t0 = System.nanoTime();
        Future<AdminAnswer> capped = pool.submit(() -> f.admin().handle(admin, "GET", "authorized-servers/changes",
                Map.of("since", String.valueOf(v), "waitSeconds", "300"), "", Duration.ofSeconds(1)));
        assertEquals(Boolean.FALSE, parse(capped.get(10, TimeUnit.SECONDS).body()).get("changed"));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));

        assertRefused(400, "bad_request", () -> call(admin, "GET", "authorized-servers/changes", Map.of(), ""));
        assertRefused(400, "bad_request", () -> call(admin, "GET", "authorized-servers/changes",
                Map.of("since", "0", "waitSeconds", "-1"), ""));
    }

    private CloudCaller connectorItself(String connectorId) throws Exception {
        return f.auth().authenticate(ActorAssertion.issue(ActorAssertion.Claims.ofConnector(connectorId,
                "r-" + java.util.UUID.randomUUID()), ServiceFixture.CONNECTOR_KEY.getPrivate(),
                Keys.thumbprint((java.security.interfaces.RSAPublicKey) ServiceFixture.CONNECTOR_KEY.getPublic()),
                f.clock.instant()).authorizationHeader(), "r");
    }

    @Test
    void aConnectorMayFollowTheFeedChangeTheListAndListConnectorsButNothingElse() throws Exception {
        String connector = f.registerConnector("node-1", ServiceFixture.CONNECTOR_KEY);
        CloudCaller self = connectorItself(connector);
        AdminAnswer a = call(self, "GET", "authorized-servers/changes", Map.of("since", "0"), "");
        assertEquals(200, a.status());
        long before = ((Number) parse(a.body()).get("version")).longValue();

        AdminAnswer added = call(self, "POST", "authorized-servers", Map.of(),
                "{\"account\":\"SP09$\",\"kind\":\"computer\",\"role\":\"sharepoint\"}");
        assertEquals(201, added.status(), added.body());
        long version = ((Number) parse(added.body()).get("version")).longValue();
        assertEquals(before + 1, version);
        Map<?, ?> change = (Map<?, ?>) ((List<?>) parse(call(self, "GET", "authorized-servers/changes",
                Map.of("since", String.valueOf(before)), "").body()).get("changes")).get(0);
        assertEquals("connector 'node-1' (" + connector + ")", change.get("changedBy"), "who changed it is recorded");

        // a connector never replaces an entry, and removes only the entry it names
        CloudException taken = assertRefused(409, "conflict", () -> call(self, "POST", "authorized-servers", Map.of(),
                "{\"account\":\"sp09$\",\"kind\":\"computer\",\"role\":\"fci\"}"));
        assertTrue(taken.getMessage().contains("already authorized for sharepoint"), taken.getMessage());
        assertRefused(400, "bad_request", () -> call(self, "POST", "authorized-servers", Map.of(),
                "{\"account\":\"SP10\",\"kind\":\"computer\",\"role\":\"sharepoint\"}"));
        CloudException otherRole = assertRefused(404, "not_found", () -> call(self, "DELETE", "authorized-servers",
                Map.of("account", "SP09$", "role", "exchange"), ""));
        assertTrue(otherRole.getMessage().contains("authorized for sharepoint, not for exchange"),
                otherRole.getMessage());
        assertEquals(version, f.services.store().authorizedServers().version(), "a refused change changes nothing");
        AdminAnswer removed = call(self, "DELETE", "authorized-servers", Map.of("account", "SP09$", "role",
                "sharepoint"), "");
        assertEquals(version + 1, ((Number) parse(removed.body()).get("version")).longValue());
        assertRefused(404, "not_found", () -> call(self, "DELETE", "authorized-servers",
                Map.of("account", "SP09$"), ""));

        List<?> connectors = (List<?>) parse(call(self, "GET", "connectors", Map.of(), "").body()).get("connectors");
        assertEquals(1, connectors.size());
        Map<?, ?> node = (Map<?, ?>) connectors.get(0);
        assertEquals(connector, node.get("id"));
        assertEquals(f.clock.instant().toString(), node.get("lastSeen"));
        assertEquals(f.clock.instant().toString(), node.get("registeredAt"));

        assertRefused(403, "admin_role_required", () -> call(self, "GET", "authorized-servers", Map.of(), ""));
        assertRefused(403, "admin_role_required", () -> call(self, "POST", "connectors", Map.of(), "{}"));
        assertRefused(403, "admin_role_required", () -> call(self, "GET", "templates", Map.of(), ""));
        assertRefused(403, "admin_role_required", () -> call(self, "GET", "usage", Map.of(), ""));
    }

    @Test
    void aServerForwardedByAConnectorMayNotChangeTheList() throws Exception {
        String connector = f.registerConnector("node-1", ServiceFixture.CONNECTOR_KEY);
        f.authorize("EXCH01$", "computer", "exchange");
        CloudCaller server = f.auth().authenticate(f.actorHeader(connector, ServiceFixture.CONNECTOR_KEY, "EXCH01$",
                "EXCH01$", "exchange", null, false), "r");
        assertRefused(403, "admin_role_required", () -> call(server, "POST", "authorized-servers", Map.of(),
                "{\"account\":\"SP01$\",\"kind\":\"computer\",\"role\":\"sharepoint\"}"));
        assertRefused(403, "admin_role_required", () -> call(server, "DELETE", "authorized-servers",
                Map.of("account", "EXCH01$"), ""));
        assertRefused(403, "admin_role_required", () -> call(server, "GET", "connectors", Map.of(), ""));
        // an administrator still replaces an entry's role, as before
        assertEquals(201, call(f.globalAdmin(), "POST", "authorized-servers", Map.of(),
                "{\"account\":\"EXCH01$\",\"kind\":\"computer\",\"role\":\"fci\"}").status());
    }

    @Test
    void theServiceRecordsWhenItLastSawAConnectorAtMostOnceAMinute() throws Exception {
        String connector = f.registerConnector("node-1", ServiceFixture.CONNECTOR_KEY);
        String other = f.registerConnector("node-2", ServiceFixture.OTHER_KEY);
        java.time.Instant first = f.clock.instant();
        connectorItself(connector);
        assertEquals(first, f.services.store().connectors().find(connector).orElseThrow().lastSeen());

        f.clock.advance(Duration.ofSeconds(40));
        connectorItself(connector);
        assertEquals(first, f.services.store().connectors().find(connector).orElseThrow().lastSeen(),
                "within a minute: no write");

        f.clock.advance(Duration.ofSeconds(25));
        f.authorize("EXCH01$", "computer", "exchange");
        f.connector(connector, "EXCH01$", "EXCH01$", "exchange", null, false); // a forwarded call counts too
        assertEquals(f.clock.instant(), f.services.store().connectors().find(connector).orElseThrow().lastSeen());

        Map<String, Object> list = parse(f.adminCall("GET", "connectors", Map.of(), "").body());
        Map<?, ?> never = ((List<?>) list.get("connectors")).stream().map(Map.class::cast)
                .filter(m -> other.equals(m.get("id"))).findFirst().orElseThrow();
        assertFalse(never.containsKey("lastSeen"), "never seen: no lastSeen");
    }

    @Test
    void withTheTenantKeyListsAreSignedAndRegistrationNamesTheKey() throws Exception {
        TenantKeys keys = TenantKeys.open(f.dir.resolve("data"), ServiceFixture.KEYSTORE_PASSWORD);
        CloudAdminImpl signing = new CloudAdminImpl(f.services.store(), keys, f.clock, "1.0", Duration.ofMillis(50));
        CloudCaller admin = f.globalAdmin();
        // the assembled service signs too (CloudServiceAssembly gives the admin the tenant key)
        assertTrue(parse(f.adminCall("GET", "authorized-servers", Map.of(), "").body()).containsKey("signed"));

        Map<String, Object> registered = parse(signing.handle(admin, "POST", "connectors", Map.of(),
                "{\"name\":\"node-1\",\"publicJwk\":" + org.rmsconnector.protocol.PublicJwk.of(
                        (java.security.interfaces.RSAPublicKey) ServiceFixture.CONNECTOR_KEY.getPublic()).toJson() + "}",
                Duration.ZERO).body());
        assertEquals(keys.publicJwk(), org.rmsconnector.protocol.PublicJwk.fromJson(
                com.nimbusds.jose.util.JSONObjectUtils.toJSONString(asMap(registered.get("tenantKey")))));

        assertEquals(201, signing.handle(admin, "POST", "authorized-servers", Map.of(),
                "{\"account\":\"EXCH01$\",\"kind\":\"computer\",\"role\":\"exchange\"}", Duration.ZERO).status());
        Map<String, Object> list = parse(signing.handle(admin, "GET", "authorized-servers", Map.of(), "",
                Duration.ZERO).body());
        SignedPolicy signed = SignedPolicy.verify((String) list.get("signed"), keys.publicKey());
        assertEquals(((Number) list.get("version")).longValue(), signed.version());
        assertEquals(List.of(new SignedPolicy.Entry("EXCH01$", "computer", "exchange")), signed.entries());
        assertEquals(f.services.tenant().tenantId(), signed.issuer());

        String connector = (String) registered.get("id");
        CloudCaller self = f.auth().authenticate(ActorAssertion.issue(ActorAssertion.Claims.ofConnector(connector, "r"),
                ServiceFixture.CONNECTOR_KEY.getPrivate(),
                Keys.thumbprint((java.security.interfaces.RSAPublicKey) ServiceFixture.CONNECTOR_KEY.getPublic()),
                f.clock.instant()).authorizationHeader(), "r");
        Map<String, Object> feed = parse(signing.handle(self, "GET", "authorized-servers/changes",
                Map.of("since", "0"), "", Duration.ZERO).body());
        assertEquals(signed, SignedPolicy.verify((String) feed.get("signed"), keys.publicKey()),
                "an unchanged list is not signed again");

        assertEquals(200, signing.handle(admin, "DELETE", "authorized-servers", Map.of("account", "EXCH01$"), "",
                Duration.ZERO).status());
        Map<String, Object> after = parse(signing.handle(self, "GET", "authorized-servers/changes",
                Map.of("since", String.valueOf(signed.version())), "", Duration.ZERO).body());
        SignedPolicy removed = SignedPolicy.verify((String) after.get("signed"), keys.publicKey());
        assertEquals(((Number) after.get("version")).longValue(), removed.version());
        assertTrue(removed.version() > signed.version());
        assertTrue(removed.entries().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        assertTrue(o instanceof Map, "expected a JSON object, got " + o);
        return (Map<String, Object>) o;
    }

    // ---- usage -------------------------------------------------------------------------------------------------

    @Test
    void usageIsExportedAsJsonAndW3c() throws Exception {
        f.ops().templates(f.user(DemoTenant.BOB));
        assertRefused(403, "identity_not_yours", () -> f.ops().certify(f.user(DemoTenant.BOB),
                new org.rmsconnector.protocol.CertifyRequest(org.rmsconnector.protocol.PublicJwk.of(
                        (java.security.interfaces.RSAPublicKey) ServiceFixture.USER_KEY.getPublic()), DemoTenant.ALICE)));

        List<?> records = (List<?>) parse(f.adminCall("GET", "usage", Map.of("user", DemoTenant.BOB), "").body())
                .get("records");
        assertEquals(2, records.size());
        assertEquals("identity_not_yours", ((Map<?, ?>) records.get(1)).get("result"));

        AdminAnswer w3c = f.adminCall("GET", "usage", Map.of("format", "w3c", "type", "Certify"), "");
        assertTrue(w3c.contentType().startsWith("text/plain"));
        String[] lines = w3c.body().split("\n");
        assertEquals("#Fields: " + String.join(" ", W3cUsageLogWriter.FIELDS), lines[3]);
        assertEquals(5, lines.length);
        assertTrue(lines[4].contains(" Certify bob@contoso.com identity_not_yours "), lines[4]);
        assertRefused(400, "bad_request", () -> f.adminCall("GET", "usage", Map.of("format", "xml"), ""));
        assertRefused(400, "bad_request", () -> f.adminCall("GET", "usage", Map.of("from", "yesterday"), ""));
    }

    // ---- strict bodies -----------------------------------------------------------------------------------------

    @Test
    void aMemberRepeatedInsideAGrantIsRefusedNamingItsPath() {
        CloudException e = assertRefused(400, "bad_request", () -> f.adminCall("POST", "templates", Map.of(),
                "{\"name\":\"Legal\",\"grants\":[{\"kind\":\"user\",\"principal\":\"bob@contoso.com\","
                        + "\"rights\":[\"VIEW\"]},{\"kind\":\"user\",\"principal\":\"bob@contoso.com\","
                        + "\"rights\":[\"VIEW\"],\"rights\":[\"OWNER\"]}]}"));
        assertTrue(e.getMessage().startsWith("body.grants[1].rights: duplicate member name"), e.getMessage());
    }

    @Test
    void aLoneSurrogateInAnAdministrationBodyIsRefused() {
        CloudException e = assertRefused(400, "bad_request", () -> f.adminCall("POST", "authorized-servers",
                Map.of(), "{\"account\":\"SP01$\\ud800\",\"kind\":\"computer\",\"role\":\"sharepoint\"}"));
        assertTrue(e.getMessage().startsWith("body.account: lone surrogate"), e.getMessage());
    }

    /** The long-poll is parked in its timed wait for a change (its thread says so), so a change now must wake it. */
    private static void awaitWaiting(AtomicReference<Thread> poller) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> poller.get() != null
                && poller.get().getState() == Thread.State.TIMED_WAITING, "the long-poll waits for a change",
                () -> String.valueOf(poller.get() == null ? "not started" : poller.get().getState()));
    }
}
