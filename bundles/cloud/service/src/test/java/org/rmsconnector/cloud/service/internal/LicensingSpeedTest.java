package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.api.CloudAdmin;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.keys.UseLicenseSigner;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.store.UsageQuery;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.LicenseSigningKey;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.UseLicense;

/**
 * What makes licensing fast, and that it changes no decision: one unwrap per publishing license per batch, the
 * content-key cache across requests (rights still decided per request and user), ES256 use licenses, the
 * in-memory directory and templates seeing every change, and the usage log written behind the request.
 */
class LicensingSpeedTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;
    ServiceFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private record Doc(String pl, byte[] key) {
    }

    private Doc protect(CloudCaller caller, Policy policy) throws Exception {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        PublishingLicense.Draft draft = PublishingLicense.Draft.create(caller.identity(), policy, null, 7, key,
                f.services.tenantKey().publicKey());
        return new Doc(f.ops().publish(caller, new PublishRequest(draft)).publishingLicense(), key);
    }

    private CertifyResponse certify(CloudCaller caller, KeyPair key) throws Exception {
        return f.ops().certify(caller, new CertifyRequest(PublicJwk.of((RSAPublicKey) key.getPublic()),
                caller.identity()));
    }

    private static AcquireLicenseRequest request(String cert, String pl, int items) {
        List<AcquireLicenseRequest.Item> list = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            list.add(new AcquireLicenseRequest.Item(pl, null));
        }
        return new AcquireLicenseRequest(cert, list);
    }

    @Test
    void aBatchUnwrapsEachPublishingLicenseOnceAndTheCacheServesTheNextRequests() throws Exception {
        f = ServiceFixture.start(dir.resolve("t"));
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Doc doc = protect(alice, Policy.adHoc(Grant.of(DemoTenant.ALICE, Right.VIEW)));
        Doc other = protect(alice, Policy.adHoc(Grant.of(DemoTenant.ALICE, Right.VIEW)));
        String cert = certify(alice, ServiceFixture.USER_KEY).certificate();

        List<AcquireLicenseRequest.Item> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(new AcquireLicenseRequest.Item(i % 2 == 0 ? doc.pl() : other.pl(), null));
        }
        AcquireLicenseResponse r = f.ops().acquireLicense(alice, new AcquireLicenseRequest(cert, items));
        assertEquals(100, r.results().size());
        for (LicenseResult result : r.results()) {
            assertTrue(result.isSuccess(), () -> "refused: " + result.error());
            Doc expected = result.index() % 2 == 0 ? doc : other;
            UseLicense ul = UseLicense.verify(result.useLicense(), f.services.tenantKey().publicKey(),
                    f.clock.instant());
            assertArrayEquals(expected.key(), ul.unwrapContentKey(ServiceFixture.USER_KEY.getPrivate()));
        }
        assertEquals(2, f.services.contentKeys().unwraps(), "one unwrap per distinct publishing license");

        for (int i = 0; i < 5; i++) {
            assertTrue(f.ops().acquireLicense(alice, request(cert, doc.pl(), 1)).results().get(0).isSuccess());
        }
        assertEquals(2, f.services.contentKeys().unwraps(), "single requests for a cached document: no unwrap");
    }

    @Test
    void theCacheHoldsKeysNotDecisionsRightsAreDecidedPerRequestAndUser() throws Exception {
        f = ServiceFixture.start(dir.resolve("t"));
        CloudCaller alice = f.user(DemoTenant.ALICE);
        CloudCaller carol = f.user(DemoTenant.CAROL);
        Doc doc = protect(alice, Policy.adHoc(Grant.of(DemoTenant.ALICE, Right.VIEW)));
        assertTrue(f.ops().acquireLicense(alice, request(certify(alice, ServiceFixture.USER_KEY).certificate(),
                doc.pl(), 1)).results().get(0).isSuccess());
        assertEquals(1, f.services.contentKeys().size(), "alice's license put the key in the cache");

        LicenseResult carols = f.ops().acquireLicense(carol, request(certify(carol, ServiceFixture.USER_KEY)
                .certificate(), doc.pl(), 1)).results().get(0);
        assertFalse(carols.isSuccess());
        assertEquals("not_granted", carols.error().code());
    }

    @Test
    void aChangeToTheDirectoryOrATemplateReachesTheNextLicenseAtOnce() throws Exception {
        f = ServiceFixture.start(dir.resolve("t"));
        CloudCaller alice = f.user(DemoTenant.ALICE);
        CloudCaller bob = f.user(DemoTenant.BOB);
        String bobsCert = certify(bob, ServiceFixture.USER_KEY).certificate();
        // finance may view; bob is not in finance
        Doc doc = protect(alice, Policy.adHoc(Grant.of(DemoTenant.FINANCE, Right.VIEW)));
        assertEquals("not_granted", f.ops().acquireLicense(bob, request(bobsCert, doc.pl(), 1)).results().get(0)
                .error().code());
        f.adminCall("POST", "directory/groups", Map.of(), "{\"name\":\"" + DemoTenant.FINANCE + "\",\"users\":[\""
                + DemoTenant.ALICE + "\",\"" + DemoTenant.BOB + "\"],\"groups\":[\"" + DemoTenant.FINANCE_MANAGERS
                + "\"]}");
        assertTrue(f.ops().acquireLicense(bob, request(bobsCert, doc.pl(), 1)).results().get(0).isSuccess(),
                "bob joined finance");

        String template = f.ops().templates(alice).templates().stream()
                .filter(t -> t.name().equals(DemoTenant.VIEW_ONLY)).findFirst().orElseThrow().id();
        Doc viewOnly = protect(alice, Policy.template(template));
        assertTrue(f.ops().acquireLicense(bob, request(bobsCert, viewOnly.pl(), 1)).results().get(0).isSuccess());
        // the template now grants alice only: content protected with it follows the template as it is now
        String current = f.adminCall("GET", "templates/" + template, Map.of(), "").body();
        assertTrue(current.contains("{\"kind\":\"everyone\""), current);
        CloudAdmin.AdminAnswer changed = f.adminCall("PUT", "templates/" + template, Map.of(), current.replace("{\"kind\":\"everyone\"",
                "{\"kind\":\"user\",\"principal\":\"" + DemoTenant.ALICE + "\""));
        assertEquals(200, changed.status(), changed.body());
        LicenseResult afterChange = f.ops().acquireLicense(bob, request(bobsCert, viewOnly.pl(), 1)).results()
                .get(0);
        assertFalse(afterChange.isSuccess(), "the changed template must be seen at once");
        assertEquals("not_granted", afterChange.error().code());
    }

    @Test
    void usageRowsAreQueuedAndWrittenBehindTheRequestAndARestartWritesWhatIsLeft() throws Exception {
        f = ServiceFixture.start(dir.resolve("t"));
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Doc doc = protect(alice, Policy.adHoc(Grant.of(DemoTenant.ALICE, Right.VIEW)));
        String cert = certify(alice, ServiceFixture.USER_KEY).certificate();
        f.ops().acquireLicense(alice, request(cert, doc.pl(), 100));
        // a query waits for the queued rows: whoever reads the log sees every answered request
        List<UsageRecord> rows = f.services.store().usage().query(
                UsageQuery.between(null, null, 1000).ofType("AcquireLicense"));
        assertEquals(100, rows.size());
        assertEquals(0, f.services.store().usageWriter().dropped());

        f.ops().acquireLicense(alice, request(cert, doc.pl(), 3));
        f.restart(); // deactivation closes the writer, which writes what it holds
        assertEquals(103, f.services.store().usage().query(
                UsageQuery.between(null, null, 1000).ofType("AcquireLicense")).size());
    }

    @Test
    void es256UseLicensesVerifyWithTheEndorsedLicenseSigningKeyAndSurviveARestart() throws Exception {
        f = ServiceFixture.start(dir.resolve("t"), "ES256");
        assertEquals("ES256", f.services.useLicenseAlgorithm());
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Doc doc = protect(alice, Policy.adHoc(Grant.of(DemoTenant.ALICE, Right.VIEW)));
        CertifyResponse certified = certify(alice, ServiceFixture.USER_KEY);
        assertNotNull(certified.licenseSigningKey());
        LicenseSigningKey lsk = LicenseSigningKey.verify(certified.licenseSigningKey(),
                certified.tenantKey().publicKey());
        assertEquals(f.services.tenant().tenantId(), lsk.issuer());
        assertTrue(Files.exists(f.dir.resolve("data").resolve(UseLicenseSigner.FILE_NAME)));

        LicenseResult r = f.ops().acquireLicense(alice, request(certified.certificate(), doc.pl(), 1)).results()
                .get(0);
        UseLicense ul = UseLicense.verify(r.useLicense(), lsk.publicKey(), f.clock.instant());
        assertEquals(lsk.kid(), ul.tenantKid());
        assertArrayEquals(doc.key(), ul.unwrapContentKey(ServiceFixture.USER_KEY.getPrivate()));

        f.restart();
        CertifyResponse again = certify(f.user(DemoTenant.ALICE), ServiceFixture.USER_KEY);
        assertEquals(lsk.kid(), LicenseSigningKey.verify(again.licenseSigningKey(), again.tenantKey().publicKey())
                .kid(), "the license signing key is kept across restarts");
    }

    @Test
    void anExistingTenantWithoutALicenseSigningKeyKeepsRsaUnlessConfigured() throws Exception {
        f = ServiceFixture.start(dir.resolve("t")); // auto, and the tenant key existed before: PS256
        assertEquals("PS256", f.services.useLicenseAlgorithm());
        CloudCaller alice = f.user(DemoTenant.ALICE);
        CertifyResponse certified = certify(alice, ServiceFixture.USER_KEY);
        assertNull(certified.licenseSigningKey());
        Doc doc = protect(alice, Policy.adHoc(Grant.of(DemoTenant.ALICE, Right.VIEW)));
        String ul = f.ops().acquireLicense(alice, request(certified.certificate(), doc.pl(), 1)).results().get(0)
                .useLicense();
        assertEquals(f.services.tenantKey().kid(), UseLicense.verify(ul, f.services.tenantKey().publicKey(),
                f.clock.instant()).tenantKid());
        assertFalse(Files.exists(f.dir.resolve("data").resolve(UseLicenseSigner.FILE_NAME)));

        f.useLicenseSigning = "ES256"; // configured: the key is made, and use licenses switch
        f.restart();
        assertEquals("ES256", f.services.useLicenseAlgorithm());
        f.useLicenseSigning = null; // back to auto: the tenant now has the key and keeps using it
        f.restart();
        assertEquals("ES256", f.services.useLicenseAlgorithm());
        f.useLicenseSigning = "PS256";
        f.restart();
        assertEquals("PS256", f.services.useLicenseAlgorithm());
    }
}
