package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.store.JdbcTxRunner;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.UseLicense;

/**
 * The tenant key in a real PKCS#11 token: SoftHSM2 (Debian's {@code softhsm2}) through the JDK's SunPKCS11 provider.
 *
 * <p>The token lives in {@code target/softhsm/} (made fresh here, deleted at the end): SoftHSM2 reads its token
 * directory from the file {@code SOFTHSM2_CONF} names, once per process, so surefire sets that variable for the test
 * JVM (this module's pom) and this test writes the file. The key is made exactly as docs/cloud-service.md tells an
 * operator (softhsm2-util, keytool with the token's provider), its attributes are read from outside the JVM with
 * OpenSC's {@code pkcs11-tool}, and then the real service runs on it: it signs certificates and licenses and
 * unwraps content keys with the token; after a rollover (a second key in the token) old content still opens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SoftHsmTenantKeyTest {

    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    static final String PIN = "4711-user";
    static final String SO_PIN = "4711-so";
    static final String LABEL = "rms-test";
    static final Map<String, String> PASSWORDS = ServiceFixture.PASSWORDS;
    static final KeyPair USER_KEY = ServiceFixture.USER_KEY;

    static Path home;
    static Path softhsmConf;
    static Path providerConfig;
    static Path dbDir;
    static JdbcDataSource dataSource;
    static CloudServiceAssembly.Services services;
    // what test 1 protected, opened again after the rollover in test 2
    static String oldPublishingLicense;
    static byte[] oldContentKey;
    static String oldKid;

    @BeforeAll
    static void makeToken() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertTrue(conf != null && !conf.isBlank(), "SOFTHSM2_CONF is not set: run this test through Maven (the"
                + " surefire configuration of rms-cloud-service sets it)");
        assertTrue(Files.isReadable(Path.of(LIBRARY)), LIBRARY + " is missing: install Debian's softhsm2");
        softhsmConf = Path.of(conf);
        home = softhsmConf.getParent();
        deleteTree(home);
        Files.createDirectories(home.resolve("tokens"));
        Files.writeString(softhsmConf, "directories.tokendir = " + home.resolve("tokens") + "\n"
                + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        run("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", PIN);
        providerConfig = home.resolve("hsm.cfg");
        // the operator's configuration from docs/cloud-service.md: keys generated through it are made in the
        // token, sensitive and never extractable
        Files.writeString(providerConfig, """
                name = rms-test
                library = %s
                slotListIndex = 0
                attributes(generate, CKO_PRIVATE_KEY, CKK_RSA) = {
                  CKA_TOKEN = true
                  CKA_PRIVATE = true
                  CKA_SENSITIVE = true
                  CKA_EXTRACTABLE = false
                }
                """.formatted(LIBRARY));
        generateKey("tenant-key");
        dbDir = Files.createTempDirectory("rms-softhsm-db");
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dbDir.resolve("cloud").toAbsolutePath() + ";LOCK_TIMEOUT=10000");
        dataSource.setUser("sa");
        dataSource.setPassword("");
    }

    @AfterAll
    static void removeToken() throws Exception {
        if (services != null) {
            services.close();
        }
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        deleteTree(dbDir);
        deleteTree(home);
    }

    @Test
    @Order(1)
    void theKeyIsMadeInTheTokenSensitiveAndNeverExtractable() throws Exception {
        Map<String, String> key = privateKeyObject("tenant-key");
        Set<String> access = Stream.of(key.get("Access").split(",")).map(String::strip).collect(Collectors.toSet());
        // CKA_SENSITIVE and CKA_ALWAYS_SENSITIVE true, CKA_EXTRACTABLE false since it was made
        // (CKA_NEVER_EXTRACTABLE), generated inside the token (CKA_LOCAL)
        assertTrue(access.containsAll(Set.of("sensitive", "always sensitive", "never extractable", "local")),
                "token says: " + key);
        assertFalse(access.contains("extractable"), "token says: " + key);
        assertTrue(key.get("Usage").contains("sign") && key.get("Usage").contains("decrypt"), "token says: " + key);

        // what the service holds is a handle, not key material
        TenantKeys keys = TenantKeys.openPkcs11(providerConfig, PIN.toCharArray(), "tenant-key");
        assertFalse(keys.privateKey() instanceof RSAPrivateKey, keys.privateKey().getClass().getName());
        assertNull(keys.privateKey().getEncoded());
    }

    @Test
    @Order(2)
    void aTokenBackedTenantCertifiesPublishesAndLicenses() throws Exception {
        services = start("tenant-key");
        oldKid = services.tenantKey().kid();
        assertEquals("PS256", services.useLicenseAlgorithm(), "a token key signs use licenses itself");
        RSAPublicKey tenantKey = services.tenantKey().publicKey();

        byte[] contentKey = ContentKeys.generate();
        String pl = protect(tenantKey, contentKey);
        // the token signed it: the public key in the token verifies it, and no private key exists outside
        assertEquals(oldKid, PublishingLicense.verify(pl, tenantKey).tenantKid());

        // bob opens it: the token unwrapped the content key (raw RSA in the token, OAEP-256 decoded outside)
        assertArrayEquals(contentKey, open(pl, DemoTenant.BOB, tenantKey));
        oldPublishingLicense = pl;
        oldContentKey = contentKey;
    }

    @Test
    @Order(3)
    void afterARolloverNewContentUsesTheNewKeyAndOldContentStillOpens() throws Exception {
        services.close();
        generateKey("tenant-key-2");
        services = start("tenant-key-2");
        RSAPublicKey newKey = services.tenantKey().publicKey();
        assertNotEquals(oldKid, services.tenantKey().kid(), "the new key is the tenant key now");
        assertTrue(privateKeyObject("tenant-key-2").get("Access").contains("never extractable"));

        // old content: verified with the old key, unwrapped by the old key, still in the token
        assertArrayEquals(oldContentKey, open(oldPublishingLicense, DemoTenant.BOB, newKey));

        // new content: wrapped to and signed by the new key
        byte[] contentKey = ContentKeys.generate();
        String pl = protect(newKey, contentKey);
        assertEquals(services.tenantKey().kid(), PublishingLicense.verify(pl, newKey).tenantKid());
        assertArrayEquals(contentKey, open(pl, DemoTenant.BOB, newKey));

        // and a restart keeps both
        services.close();
        services = start("tenant-key-2");
        assertArrayEquals(oldContentKey, open(oldPublishingLicense, DemoTenant.BOB, newKey));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static CloudServiceAssembly.Services start(String alias) {
        return CloudServiceAssembly.start(new CloudServiceAssembly.Settings(new JdbcTxRunner(dataSource),
                home.resolve("data"), PIN.toCharArray(), "ignored: demo", Clock.systemUTC(), true, PASSWORDS,
                CloudServiceAssembly.KeystoreSettings.pkcs11(providerConfig, alias), null, null));
    }

    private static CloudCaller user(String upn) throws Exception {
        return services.authenticator().authenticate(ServiceFixture.basic(upn, PASSWORDS.get(upn)),
                "req-" + UUID.randomUUID());
    }

    /** Alice protects for bob: the content key wrapped to {@code tenantKey}, the license signed by the token. */
    private static String protect(RSAPublicKey tenantKey, byte[] contentKey) throws Exception {
        PublishingLicense.Draft draft = PublishingLicense.Draft.create(DemoTenant.ALICE,
                Policy.adHoc(List.of(new org.rmsconnector.protocol.Grant(DemoTenant.BOB,
                        java.util.EnumSet.of(org.rmsconnector.protocol.Right.VIEW)))), null, 1, contentKey,
                tenantKey);
        return services.operations().publish(user(DemoTenant.ALICE), new PublishRequest(draft)).publishingLicense();
    }

    /** {@code upn} certifies a key (signed by the token), gets a use license and unwraps its content key. */
    private static byte[] open(String pl, String upn, RSAPublicKey tenantKey) throws Exception {
        CloudCaller caller = user(upn);
        String cert = services.operations().certify(caller, new CertifyRequest(PublicJwk.of(
                (RSAPublicKey) USER_KEY.getPublic()), upn)).certificate();
        LicenseResult r = services.operations().acquireLicense(caller, new AcquireLicenseRequest(cert,
                List.of(new AcquireLicenseRequest.Item(pl, null)))).results().get(0);
        assertTrue(r.isSuccess(), () -> "refused: " + r.error());
        UseLicense ul = UseLicense.verify(r.useLicense(), tenantKey, java.time.Instant.now());
        return ul.unwrapContentKey(USER_KEY.getPrivate());
    }

    /** The operator's command (docs/cloud-service.md): keytool generating the pair in the token, by its provider. */
    private static void generateKey(String alias) throws Exception {
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", alias,
                "-keyalg", "RSA", "-keysize", "3072", "-sigalg", "SHA256withRSA", "-validity", "36500",
                "-dname", "CN=RMS tenant key " + alias, "-keystore", "NONE", "-storetype", "PKCS11",
                "-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", providerConfig.toString(),
                "-providerName", "SunPKCS11-rms-test", "-storepass", PIN);
    }

    /** The private-key object whose CKA_ID is {@code alias} (keytool's choice), as pkcs11-tool lists it. */
    private static Map<String, String> privateKeyObject(String alias) throws Exception {
        String out = run("pkcs11-tool", "--module", LIBRARY, "--token-label", LABEL, "--login", "--pin", PIN,
                "--list-objects", "--type", "privkey");
        String id = HexFormat.of().formatHex(alias.getBytes(StandardCharsets.UTF_8));
        for (String block : out.split("(?=Private Key Object)")) {
            Map<String, String> fields = new java.util.HashMap<>();
            for (String line : block.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
            if (id.equalsIgnoreCase(fields.get("ID"))) {
                return fields;
            }
        }
        throw new AssertionError("no private key with ID " + id + " in the token:\n" + out);
    }

    private static String run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path log = Files.createTempFile(home, "command", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SOFTHSM2_CONF", softhsmConf.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd.get(0) + " did not finish within 60 s");
        }
        String out = Files.readString(log);
        Files.delete(log);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
