package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.function.Executable;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudAdmin;
import org.rmsconnector.cloud.api.CloudAuthenticator;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.CloudOperations;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.store.JdbcTxRunner;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.testing.MutableClock;
import org.rmsconnector.testing.TestDatabase;

/**
 * A demo tenant on an H2 file database (or a PostgreSQL database: {@link TestDatabase}) and a software keystore in a
 * test's temporary folder, assembled exactly as
 * the OSGi component does, with helpers that play the callers: online users (Basic), administrators and connectors
 * (actor assertions signed with a real key).
 */
final class ServiceFixture {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final char[] KEYSTORE_PASSWORD = "keystore-secret".toCharArray();
    static final Map<String, String> PASSWORDS = Map.of(DemoTenant.ALICE, "alice-pw", DemoTenant.BOB, "bob-pw",
            DemoTenant.CAROL, "carol-pw", DemoTenant.ADMIN, "admin-pw");

    // RSA-3072 generation is slow: one of each per JVM
    static final KeyPair CONNECTOR_KEY = Keys.generateRsaKeyPair();
    static final KeyPair OTHER_KEY = Keys.generateRsaKeyPair();
    static final KeyPair SERVER_KEY = Keys.generateRsaKeyPair();
    static final KeyPair USER_KEY = Keys.generateRsaKeyPair();
    private static Path prototypeKeystore;

    final Path dir;
    final MutableClock clock;
    String useLicenseSigning; // null: auto
    final TestDatabase db;
    CloudServiceAssembly.Services services;

    private ServiceFixture(Path dir, MutableClock clock, TestDatabase db) {
        this.dir = dir;
        this.clock = clock;
        this.db = db;
    }

    /** A fresh demo tenant in {@code dir} (the tenant key copied from a prototype, to spare a key generation). */
    static ServiceFixture start(Path dir) throws IOException {
        return start(dir, TestDatabase.Kind.H2);
    }

    /** A fresh demo tenant in {@code dir} on a database of that kind. */
    static ServiceFixture start(Path dir, TestDatabase.Kind kind) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.copy(prototypeKeystore(), dir.resolve("data").resolve(TenantKeys.FILE_NAME));
        ServiceFixture f = new ServiceFixture(dir, new MutableClock(START), TestDatabase.in(kind, dir.resolve("db")));
        f.assemble();
        return f;
    }

    /**
     * A second node of this tenant: its own service (own memory, own data folder with a copy of the tenant's key
     * stores, as an administrator installs them) on the same database and the same clock.
     */
    ServiceFixture secondNode(Path otherDir) throws IOException {
        Files.createDirectories(otherDir.resolve("data"));
        try (var files = Files.list(dir.resolve("data"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, otherDir.resolve("data").resolve(file.getFileName()));
            }
        }
        ServiceFixture node = new ServiceFixture(otherDir, clock, db);
        node.useLicenseSigning = useLicenseSigning;
        node.assemble();
        return node;
    }

    private static synchronized Path prototypeKeystore() throws IOException {
        if (prototypeKeystore == null) {
            Path d = Files.createTempDirectory("rms-prototype-keystore");
            TenantKeys.create(d, KEYSTORE_PASSWORD, "prototype", START);
            prototypeKeystore = d.resolve(TenantKeys.FILE_NAME);
            prototypeKeystore.toFile().deleteOnExit();
            d.toFile().deleteOnExit();
        }
        return prototypeKeystore;
    }

    /** A fresh demo tenant whose use licenses are signed as {@code useLicenseSigning} says (auto, ES256, PS256). */
    static ServiceFixture start(Path dir, String useLicenseSigning) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.copy(prototypeKeystore(), dir.resolve("data").resolve(TenantKeys.FILE_NAME));
        ServiceFixture f = new ServiceFixture(dir, new MutableClock(START), TestDatabase.in(TestDatabase.Kind.H2,
                dir.resolve("db")));
        f.useLicenseSigning = useLicenseSigning;
        f.assemble();
        return f;
    }

    void assemble() {
        if (services != null) {
            services.close();
        }
        services = CloudServiceAssembly.start(new CloudServiceAssembly.Settings(new JdbcTxRunner(db.dataSource()),
                dir.resolve("data"), KEYSTORE_PASSWORD, "ignored: demo", clock, true, PASSWORDS, null, null,
                useLicenseSigning));
    }

    /**
     * Stops the service as the component's deactivation does (the usage writer writes what it holds and stops) and
     * closes the database file, so nothing writes into the test's folder while JUnit deletes it.
     */
    void close() throws SQLException {
        if (services != null) {
            services.close();
            services = null;
        }
        db.shutdown();
    }

    /** Closes the database file and assembles the service again on it, as a restart would. */
    void restart() throws SQLException {
        services.close(); // as the component's deactivation: the usage writer writes what it holds
        services = null;
        db.shutdown();
        assemble();
    }

    CloudOperations ops() {
        return services.operations();
    }

    CloudAdmin admin() {
        return services.admin();
    }

    CloudAuthenticator auth() {
        return services.authenticator();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The caller an online user becomes, signed in with the demo password. */
    CloudCaller user(String upn) throws CloudException {
        return auth().authenticate(basic(upn, PASSWORDS.get(upn)), "req-" + UUID.randomUUID());
    }

    CloudCaller admin(String upn) throws CloudException {
        return user(upn);
    }

    CloudCaller globalAdmin() throws CloudException {
        return user(DemoTenant.ADMIN);
    }

    AdminAnswer adminCall(String method, String path, Map<String, String> query, String body) throws CloudException {
        return admin().handle(globalAdmin(), method, path, query, body == null ? "" : body, Duration.ZERO);
    }

    /** Registers a connector with {@code key} and returns its id. */
    String registerConnector(String name, KeyPair key) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"publicJwk\":" + PublicJwk.of(
                (java.security.interfaces.RSAPublicKey) key.getPublic()).toJson() + "}";
        AdminAnswer a = adminCall("POST", "connectors", Map.of(), body);
        assertEquals(201, a.status(), a.body());
        return (String) com.nimbusds.jose.util.JSONObjectUtils.parse(a.body()).get("id");
    }

    long authorize(String account, String kind, String role) throws CloudException {
        AdminAnswer a = adminCall("POST", "authorized-servers", Map.of(),
                "{\"account\":\"" + account.replace("\\", "\\\\") + "\",\"kind\":\"" + kind + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, a.status(), a.body());
        return ((Number) parse(a.body()).get("version")).longValue();
    }

    static Map<String, Object> parse(String json) {
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** An actor assertion of {@code connectorId}, signed with {@code key}, as an Authorization header. */
    String actorHeader(String connectorId, KeyPair key, String sub, String entry, String role, String obo,
            boolean su) throws Exception {
        ActorAssertion.Claims claims = new ActorAssertion.Claims(connectorId, sub, entry, role, obo, su,
                "rid-" + UUID.randomUUID());
        return ActorAssertion.issue(claims, key.getPrivate(),
                Keys.thumbprint((java.security.interfaces.RSAPublicKey) key.getPublic()), clock.instant())
                .authorizationHeader();
    }

    CloudCaller connector(String connectorId, String sub, String entry, String role, String obo, boolean su)
            throws Exception {
        return auth().authenticate(actorHeader(connectorId, CONNECTOR_KEY, sub, entry, role, obo, su),
                "req-" + UUID.randomUUID());
    }

    static CloudException assertRefused(int status, String code, Executable e) {
        CloudException x = assertThrows(CloudException.class, e);
        assertEquals(code, x.code(), () -> "wrong code; message: " + x.getMessage());
        assertEquals(status, x.status(), () -> "wrong status; message: " + x.getMessage());
        return x;
    }
}
