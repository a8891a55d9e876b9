package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.transport.ActorContext;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudUnavailableException;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.channel.SignedPolicy;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.ErrorResponse;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishResponse;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.TemplateList;
import org.rmsconnector.protocol.TemplateSummary;
import org.rmsconnector.protocol.UseLicense;
import org.rmsconnector.testing.RecordingEventAdmin;
import org.rmsconnector.transport.internal.policy.PolicyCache;
import org.rmsconnector.transport.internal.registration.ConnectorCredentialStore;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;
import org.rmsconnector.transport.internal.registration.ConnectorRegistration;

/**
 * The transport against the real cloud service over HTTPS (see {@link TestCloud}): registration, forwarded
 * rights-management calls with the actor assertion, the long-polled policy, the circuit breaker through an
 * outage, and the signed last-known-good copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;

    private TestCloud cloud;
    private final List<TransportNode> started = new ArrayList<>();

    @BeforeAll
    void startCloud() throws Exception {
        cloud = TestCloud.start(tmp.resolve("cloud"));
    }

    @AfterAll
    void stopCloud() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @AfterEach
    void stopComponents() throws Exception {
        for (TransportNode c : started) {
            c.deactivate();
        }
        started.clear();
        cloud.startServer(); // a test that took the cloud down must not leave it down
    }

    private Map<String, Object> config(Path credentials, Map<String, Object> extra) throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("environment", "custom");
        m.put("cloud_url", cloud.base().toString());
        m.put("trust_store", cloud.keystore.toString());
        m.put("_trust_store_password", new String(TestTls.PASSWORD));
        m.put("credentials_dir", credentials.toString());
        m.put("_credentials_password", "credentials-secret");
        m.put("connector_name", "node-" + credentials.getFileName());
        m.put("registration_user", TestCloud.ADMIN);
        m.put("registration_password_file", cloud.adminPasswordFile().toString());
        m.put("request_timeout_ms", 5_000L);
        m.put("retry_backoff_ms", 20L);
        m.put("retry_backoff_max_ms", 100L);
        m.put("policy_backoff_max_seconds", 1);
        m.putAll(extra);
        return m;
    }

    private TransportNode start(Path credentials, Map<String, Object> extra, RecordingEventAdmin events)
            throws Exception {
        TransportNode c = new TransportNode(Configs.settings(config(credentials, extra)), Clock.systemUTC(),
                events);
        started.add(c);
        return c;
    }

    private void stop(TransportNode c) throws Exception {
        started.remove(c);
        c.deactivate();
    }

    private static ConnectorCredentials registered(TransportNode c) throws InterruptedException {
        return Waits.value(DEADLINE, "the connector registered", () -> c.credentials().orElse(null));
    }

    private static AuthorizationPolicy policyAtLeast(TransportNode c, long version) throws InterruptedException {
        return Waits.value(DEADLINE, "policy version " + version,
                () -> c.current().filter(p -> p.version() >= version && !p.fromCache()).orElse(null));
    }

    private static CloudResponse call(TransportNode c, Operation op, String body, ActorContext actor,
            String requestId) {
        return c.forward(new CloudRequest(requestId, op, body.getBytes(StandardCharsets.UTF_8), actor))
                .toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String text(CloudResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void registersThenForwardsRealCallsAndTheCloudRefusesARemovedEntry() throws Exception {
        Path creds = tmp.resolve("node-a");
        RecordingEventAdmin events = new RecordingEventAdmin();
        TransportNode c = start(creds, Map.of(), events);
        ConnectorCredentials me = registered(c);
        assertEquals(cloud.tenantKey(), me.tenantKey(), "the pinned tenant key is the cloud's");
        Path p12 = creds.resolve(ConnectorCredentialStore.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(creds)));
        Map<String, Object> listed = TestCloud.json(cloud.adminCall("GET", "connectors", null).body());
        assertTrue(listed.toString().contains(me.connectorId()), listed.toString());

        String account = "EXCH" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "$";
        long version = cloud.authorize(account, "computer", "exchange");
        ActorContext exchange = new ActorContext(account, account, Workload.EXCHANGE, null, false);

        // certify: the cloud accepts the assertion and certifies the server's key for the entry
        KeyPair server = Keys.generateRsaKeyPair();
        String certifyId = "certify-" + UUID.randomUUID();
        CloudResponse certified = call(c, Operation.CERTIFY,
                new CertifyRequest(PublicJwk.of((RSAPublicKey) server.getPublic()), account).toJson(), exchange,
                certifyId);
        assertEquals(200, certified.status(), text(certified));
        assertTrue(certified.contentType().startsWith("application/json"), certified.contentType());
        assertTrue(certified.cloudTime().compareTo(Duration.ZERO) > 0);
        CertifyResponse cr = CertifyResponse.fromJson(text(certified));
        ServerCertificate cert = ServerCertificate.verify(cr.certificate(), cloud.tenantKey().publicKey());
        assertEquals(account, cert.subject());
        assertEquals("exchange", cert.role());

        // templates (a GET at the cloud), publish (never retried) and license: the content key travels wrapped only
        TemplateList templates = TemplateList.fromJson(text(call(c, Operation.TEMPLATES, "", exchange, "t-1")));
        TemplateSummary confidential = templates.templates().stream()
                .filter(t -> t.name().equals("Contoso - Confidential")).findFirst().orElseThrow();
        byte[] contentKey = ContentKeys.generate();
        PublishingLicense.Draft draft = PublishingLicense.Draft.create("alice@contoso.com",
                Policy.template(confidential.id()), null, 7, contentKey, cr.tenantKey().publicKey());
        CloudResponse published = call(c, Operation.PUBLISH, new PublishRequest(draft).toJson(),
                new ActorContext(account, account, Workload.EXCHANGE, "alice@contoso.com", false), "p-1");
        assertEquals(200, published.status(), text(published));
        String pl = PublishResponse.fromJson(text(published)).publishingLicense();
        CloudResponse licensed = call(c, Operation.ACQUIRE_LICENSE, new AcquireLicenseRequest(cr.certificate(),
                List.of(new AcquireLicenseRequest.Item(pl, "alice@contoso.com"))).toJson(),
                new ActorContext(account, account, Workload.EXCHANGE, "alice@contoso.com", false), "l-1");
        assertEquals(200, licensed.status(), text(licensed));
        AcquireLicenseResponse lr = AcquireLicenseResponse.fromJson(text(licensed));
        assertTrue(lr.results().get(0).isSuccess(), text(licensed));
        // a new tenant signs use licenses ES256 with the license signing key its certification answer endorses
        java.security.PublicKey signer = cr.licenseSigningKey() == null ? cloud.tenantKey().publicKey()
                : org.rmsconnector.protocol.LicenseSigningKey.verify(cr.licenseSigningKey(),
                        cloud.tenantKey().publicKey()).publicKey();
        UseLicense ul = UseLicense.verify(lr.results().get(0).useLicense(), signer, java.time.Instant.now());
        assertArrayEquals(contentKey, ul.unwrapContentKey(server.getPrivate()));

        // the request id reached the cloud: its usage log names it with this connector
        HttpResponse<String> usage = cloud.adminCall("GET", "usage?type=Certify&user="
                + java.net.URLEncoder.encode(account, StandardCharsets.UTF_8), null);
        assertTrue(usage.body().contains(certifyId), usage.body());
        assertTrue(usage.body().contains(me.connectorId()), usage.body());

        // removed from the list: the cloud re-checks and refuses
        cloud.remove(account);
        CloudResponse refused = call(c, Operation.CERTIFY,
                new CertifyRequest(PublicJwk.of((RSAPublicKey) server.getPublic()), account).toJson(), exchange,
                "certify-2");
        assertEquals(403, refused.status(), text(refused));
        assertEquals("entry_not_authorized", ErrorResponse.fromJson(text(refused)).code());
        assertTrue(version > 0);
        assertTrue(cloud.httpVersions.contains("HTTP/2.0"), "HTTP/2 preferred: " + cloud.httpVersions);
    }

    @Test
    void forwardedCallsAreMacedUnderOneChannelSessionWhichIsReopenedWhenTheCloudForgetsIt() throws Exception {
        TransportNode c = start(tmp.resolve("node-s"), Map.of(), new RecordingEventAdmin());
        registered(c);
        String account = "EXCH" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "$";
        cloud.authorize(account, "computer", "exchange");
        ActorContext exchange = new ActorContext(account, account, Workload.EXCHANGE, null, false);
        int opened = cloud.sessionsOpened.get();
        cloud.actorForms.clear();
        KeyPair server = Keys.generateRsaKeyPair();
        String certify = new CertifyRequest(PublicJwk.of((RSAPublicKey) server.getPublic()), account).toJson();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, call(c, Operation.TEMPLATES, "", exchange, "s-t-" + i).status());
            CloudResponse r = call(c, Operation.CERTIFY, certify, exchange, "s-c-" + i);
            assertEquals(200, r.status(), text(r));
        }
        assertEquals(opened + 1, cloud.sessionsOpened.get(), "one session for every call");
        assertEquals(java.util.Collections.nCopies(10, "session"), cloud.actorForms, "no call signed on its own");

        // the cloud forgets (a restart): the next call is refused with session_unknown, re-opens and goes through
        cloud.forgetSessions();
        CloudResponse again = call(c, Operation.CERTIFY, certify, exchange, "s-after");
        assertEquals(200, again.status(), text(again));
        assertEquals(opened + 2, cloud.sessionsOpened.get());
        assertEquals(0, c.breaker().consecutiveFailures());
    }

    @Test
    void withoutRegistrationSettingsItWaitsForCredentialsAndUsesThemWhenTheyAppear() throws Exception {
        Path creds = tmp.resolve("node-e");
        Map<String, Object> manual = new HashMap<>();
        manual.put("registration_user", "");
        manual.put("registration_password_file", "");
        TransportNode c = start(creds, manual, new RecordingEventAdmin());
        ActorContext actor = new ActorContext("X$", "X$", Workload.FCI, null, false);
        CompletionException notYet = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> call(c, Operation.CERTIFY, "{}", actor, "early"));
        assertTrue(notYet.getCause().getMessage().contains("not registered"), notYet.getCause().getMessage());
        assertTrue(c.current().isEmpty());

        // an operator registers the node another way (the same plain-Java registration a tool runs)
        ConnectorCredentialStore store = new ConnectorCredentialStore(creds, "credentials-secret".toCharArray());
        new ConnectorRegistration(new CloudHttp(java.net.http.HttpClient.newBuilder()
                .sslContext(HttpClients.sslContext(cloud.keystore, TestTls.PASSWORD))
                .sslParameters(HttpClients.sslParameters()).build(), cloud.base(), null), Clock.systemUTC(),
                Duration.ofSeconds(10)).register(TestCloud.ADMIN, TestCloud.ADMIN_PASSWORD.toCharArray(), "node-e",
                        store);
        ConnectorCredentials found = Waits.value(ConnectorIdentity.CREDENTIALS_POLL.plus(DEADLINE),
                "the credentials picked up", () -> c.credentials().orElse(null));
        assertEquals(store.load().orElseThrow().connectorId(), found.connectorId());
        policyAtLeast(c, 0);
    }

    @Test
    void aWrongCredentialsPasswordStopsActivationWithAClearMessage() throws Exception {
        Path creds = tmp.resolve("node-f");
        TransportNode first = start(creds, Map.of(), new RecordingEventAdmin());
        registered(first);
        stop(first);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> start(creds, Map.of("_credentials_password", "not-it"), new RecordingEventAdmin()));
        assertTrue(e.getMessage().contains("password is wrong"), e.getMessage());
    }

    @Test
    void aPolicyChangeArrivesThroughTheLongPollWithinTwoSeconds() throws Exception {
        RecordingEventAdmin events = new RecordingEventAdmin();
        TransportNode c = start(tmp.resolve("node-b"), Map.of(), events);
        registered(c);
        long before = cloud.authorize("SP-" + UUID.randomUUID().toString().substring(0, 6) + "$", "computer",
                "sharepoint");
        policyAtLeast(c, before);
        List<AuthorizationPolicy> seen = new CopyOnWriteArrayList<>();
        c.policy.addPolicyListener(seen::add);
        Waits.until(DEADLINE, "a late listener is told the list in force", () -> !seen.isEmpty());

        String group = "CONTOSO\\FCI Servers " + UUID.randomUUID().toString().substring(0, 6);
        long t0 = System.nanoTime();
        long version = cloud.authorize(group, "group", "fci");
        AuthorizationPolicy arrived = Waits.value(Duration.ofSeconds(2), "the change within 2 s",
                () -> seen.stream().filter(p -> p.version() >= version).findFirst().orElse(null));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(arrived.entries().contains(new AuthorizedServer(group, AuthorizedServer.Kind.GROUP, Workload.FCI)),
                arrived.entries().toString());
        assertFalse(arrived.fromCache());
        System.out.println("policy change arrived through the long-poll in " + tookMs + " ms");

        // the signed copy on disk is that version
        Waits.until(DEADLINE, "policy.jws written", () -> {
            try {
                return SignedPolicy.verify(Files.readString(tmp.resolve("node-b").resolve(PolicyCache.FILE_NAME)),
                        cloud.tenantKey().publicKey()).version() >= version;
            } catch (Exception e) {
                return false;
            }
        });
        Event updated = Waits.value(DEADLINE, "event 1004 for the new version", () -> events.of(
                ConnectorEvent.POLICY_UPDATED).stream().filter(e -> ((Number) e.getProperty("version")).longValue()
                        >= version).findFirst().orElse(null));
        assertTrue(String.valueOf(updated.getProperty("entries")).contains(group), String.valueOf(updated
                .getProperty("entries")));
    }

    @Test
    void theBreakerOpensWhileTheCloudIsDownAndClosesByItselfWhenItIsBack() throws Exception {
        RecordingEventAdmin events = new RecordingEventAdmin();
        TransportNode c = start(tmp.resolve("node-c"), Map.of("breaker_failures", 3, "breaker_open_ms", 1500L,
                "retry_attempts", 2), events);
        registered(c);
        String account = "EXC" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "$";
        cloud.authorize(account, "computer", "exchange");
        ActorContext actor = new ActorContext(account, account, Workload.EXCHANGE, null, false);
        String body = new CertifyRequest(PublicJwk.of((RSAPublicKey) Keys.generateRsaKeyPair().getPublic()), account)
                .toJson();
        assertEquals(200, call(c, Operation.CERTIFY, body, actor, "up-1").status());

        cloud.stopServer();
        CloudUnavailableException open = null;
        for (int i = 0; i < 10 && open == null; i++) {
            try {
                call(c, Operation.CERTIFY, body, actor, "down-" + i);
            } catch (CompletionException e) {
                CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
                if (c.breaker().state() == CircuitBreaker.State.OPEN && u.getMessage().contains("circuit open")) {
                    open = u;
                }
            }
        }
        assertNotNull(open, "the breaker opened");
        assertTrue(open.retryAfter().compareTo(Duration.ZERO) > 0
                && open.retryAfter().compareTo(Duration.ofMillis(1500)) <= 0, open.retryAfter().toString());
        long t0 = System.nanoTime();
        CompletionException fast = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> call(c, Operation.CERTIFY, body, actor, "fast"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 200, "an open breaker fails at once");
        assertInstanceOf(CloudUnavailableException.class, fast.getCause());
        Event alarm = Waits.value(DEADLINE, "event 4010", () -> events.of(ConnectorEvent.CLOUD_UNAVAILABLE).stream()
                .findFirst().orElse(null));
        assertEquals(3, alarm.getProperty("failures"));

        cloud.startServer();
        Waits.until(DEADLINE, "the breaker closed by itself once the cloud is back", () -> {
            try {
                return call(c, Operation.CERTIFY, body, actor, "back-" + UUID.randomUUID()).status() == 200;
            } catch (CompletionException e) {
                pause(100);
                return false;
            }
        });
        assertEquals(CircuitBreaker.State.CLOSED, c.breaker().state());
        assertEquals(1, events.of(ConnectorEvent.CLOUD_UNAVAILABLE).size(), "one alarm per outage");
    }

    @Test
    void withTheCloudDownAtStartTheSignedLastKnownGoodIsUsedAndATamperedOneRefused() throws Exception {
        Path creds = tmp.resolve("node-d");
        String account = "LKG" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "$";
        TransportNode first = start(creds, Map.of(), new RecordingEventAdmin());
        registered(first);
        long version = cloud.authorize(account, "computer", "fci");
        AuthorizationPolicy live = policyAtLeast(first, version);
        Waits.until(DEADLINE, "policy.jws written", () -> {
            try {
                return SignedPolicy.parseUnverified(Files.readString(creds.resolve(PolicyCache.FILE_NAME)))
                        .version() >= live.version();
            } catch (Exception e) {
                return false;
            }
        });
        stop(first);

        cloud.stopServer();
        RecordingEventAdmin events = new RecordingEventAdmin();
        TransportNode second = start(creds, Map.of(), events);
        AuthorizationPolicy cached = Waits.value(DEADLINE, "the last-known-good list",
                () -> second.current().orElse(null));
        assertTrue(cached.fromCache());
        assertEquals(live.version(), cached.version());
        assertEquals(live.entries(), cached.entries());
        assertTrue(cached.entries().contains(new AuthorizedServer(account, AuthorizedServer.Kind.COMPUTER,
                Workload.FCI)));
        Event loaded = Waits.value(DEADLINE, "event 1004 from the cache", () -> events.of(
                ConnectorEvent.POLICY_UPDATED).stream().findFirst().orElse(null));
        assertEquals(Boolean.TRUE, loaded.getProperty("fromCache"));
        // reported once it is more than one failed attempt (a single one is the cloud restarting)
        Waits.value(DEADLINE, "event 3001: the failed download is reported", () -> events.of(
                ConnectorEvent.POLICY_DOWNLOAD_FAILED).stream().findFirst().orElse(null));
        stop(second);

        // someone edits the file: it no longer verifies and is refused
        String jws = Files.readString(creds.resolve(PolicyCache.FILE_NAME));
        String[] parts = jws.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"fci\"", "\"exchange\"");
        Files.writeString(creds.resolve(PolicyCache.FILE_NAME), parts[0] + "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(
                        StandardCharsets.UTF_8)) + "." + parts[2]);
        RecordingEventAdmin refusedEvents = new RecordingEventAdmin();
        TransportNode third = start(creds, Map.of(), refusedEvents);
        Event refused = Waits.value(DEADLINE, "event 3001 refusing the file", () -> refusedEvents.of(
                ConnectorEvent.POLICY_DOWNLOAD_FAILED).stream().filter(e -> e.getProperty("file") != null)
                .findFirst().orElse(null));
        assertTrue(String.valueOf(refused.getProperty(ConnectorEvent.PROPERTY_MESSAGE)).contains("is refused"));
        assertEquals("BAD_SIGNATURE", refused.getProperty("reason"));
        assertTrue(third.current().isEmpty(), "a tampered list is never offered");

        // the cloud comes back: the live list replaces nothing-at-all
        cloud.startServer();
        AuthorizationPolicy back = policyAtLeast(third, version);
        assertFalse(back.fromCache());
    }
}
