package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.assertRefused;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.parse;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.UseLicense;

/**
 * Tracking and revocation of one content id through the administration API ({@code content/{id}/…}), decided by
 * the real licensing code: a revocation refuses everyone at the next request (super users too unless allowed), says
 * who revoked and when, and undoing it licenses again; tracking lists who got or was refused a license, through
 * which connector and server.
 */
class ContentRevocationTest {

    @TempDir
    Path tmp;

    private ServiceFixture f;
    private RSAPublicKey tenantKey;
    private byte[] contentKey;
    private String pl;
    private String contentId;

    @BeforeEach
    void start() throws Exception {
        f = ServiceFixture.start(tmp);
        tenantKey = f.services.tenantKey().publicKey();
        contentKey = ContentKeys.generate();
        PublishingLicense.Draft draft = PublishingLicense.Draft.create(DemoTenant.ALICE, Policy.adHoc(List.of(
                new Grant(DemoTenant.BOB, EnumSet.of(Right.VIEW)))), null, 7, contentKey, tenantKey);
        pl = f.ops().publish(f.user(DemoTenant.ALICE), new PublishRequest(draft)).publishingLicense();
        contentId = draft.contentId();
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void aRevocationRefusesEveryoneAtOnceWithAReasonAndUndoingItLicensesAgain() throws Exception {
        assertTrue(asUser(DemoTenant.BOB).isSuccess());

        // carol neither owns it nor administers the tenant
        assertRefused(403, "not_content_owner", () -> content(DemoTenant.CAROL, "PUT", "revocation", ""));

        // alice owns it: she revokes it
        Map<String, Object> revoked = parse(content(DemoTenant.ALICE, "PUT", "revocation", "").body());
        assertEquals(true, revoked.get("revoked"));
        f.clock.advance(Duration.ofSeconds(1));

        LicenseResult bob = asUser(DemoTenant.BOB);
        assertFalse(bob.isSuccess());
        assertEquals("content_revoked", bob.error().code());
        assertTrue(bob.error().message().contains("revoked by alice@contoso.com at " + ServiceFixture.START),
                bob.error().message());
        // the owner too, and recipients a pre-license would name
        assertEquals("content_revoked", asUser(DemoTenant.ALICE).error().code());
        String aliceCert = certify(f.user(DemoTenant.ALICE), DemoTenant.ALICE, ServiceFixture.USER_KEY);
        assertEquals("content_revoked", f.ops().acquirePreLicense(f.user(DemoTenant.ALICE),
                new AcquirePreLicenseRequest(aliceCert, pl, List.of(new AcquirePreLicenseRequest.Recipient(
                        DemoTenant.BOB, PublicJwk.of((RSAPublicKey) ServiceFixture.OTHER_KEY.getPublic())))))
                .results().get(0).error().code());

        // Exchange, a super user, is refused too ...
        String connector = f.registerConnector("onprem-1", ServiceFixture.CONNECTOR_KEY);
        f.authorize("CONTOSO\\EXCH01$", "computer", "exchange");
        CloudCaller exchange = f.connector(connector, "CONTOSO\\EXCH01$", "CONTOSO\\EXCH01$", "exchange", null, true);
        String exchangeCert = certify(exchange, "CONTOSO\\EXCH01$", ServiceFixture.SERVER_KEY);
        assertEquals("content_revoked", acquire(exchange, exchangeCert, DemoTenant.BOB).error().code());

        // ... unless a global administrator lets super users through; everyone else stays refused
        Map<String, Object> allowing = parse(f.adminCall("PUT", "content/" + contentId + "/revocation", Map.of(),
                "{\"allowSuperUsers\":true}").body());
        assertEquals(Map.of("revokedBy", DemoTenant.ADMIN, "revokedAt", ServiceFixture.START.plusSeconds(1).toString(),
                "allowSuperUsers", true), allowing.get("revocation"));
        LicenseResult forExchange = acquire(exchange, exchangeCert, DemoTenant.BOB);
        assertTrue(forExchange.isSuccess(), () -> "refused: " + forExchange.error());
        assertArrayEquals(contentKey, UseLicense.verify(forExchange.useLicense(), tenantKey, f.clock.instant())
                .unwrapContentKey(ServiceFixture.SERVER_KEY.getPrivate()));
        assertEquals("content_revoked", asUser(DemoTenant.BOB).error().code());

        // undone: bob opens it again
        assertEquals(false, parse(content(DemoTenant.ALICE, "DELETE", "revocation", "").body()).get("revoked"));
        assertTrue(asUser(DemoTenant.BOB).isSuccess());
    }

    @Test
    void trackingListsWhoGotOrWasRefusedALicenseThroughWhichConnectorAndServer() throws Exception {
        asUser(DemoTenant.BOB);
        asUser(DemoTenant.CAROL);
        String connector = f.registerConnector("onprem-1", ServiceFixture.CONNECTOR_KEY);
        f.authorize("CONTOSO\\EXCH01$", "computer", "exchange");
        CloudCaller exchange = f.connector(connector, "CONTOSO\\EXCH01$", "CONTOSO\\EXCH01$", "exchange", null, true);
        acquire(exchange, certify(exchange, "CONTOSO\\EXCH01$", ServiceFixture.SERVER_KEY), DemoTenant.BOB);

        Map<String, Object> track = parse(content(DemoTenant.ALICE, "GET", "tracking", null).body());
        assertEquals(DemoTenant.ALICE, track.get("owner"));
        assertEquals(null, track.get("revocation"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> records = (List<Map<String, Object>>) track.get("records");
        List<String> lines = records.stream().map(r -> r.get("requestType") + " " + r.get("user") + " "
                + r.get("result") + " " + r.get("server") + " " + r.get("connectorName")).toList();
        assertEquals(List.of(
                "Publish alice@contoso.com granted null null",
                "AcquireLicense bob@contoso.com granted null null",
                "AcquireLicense carol@contoso.com not_granted null null",
                "AcquireLicense bob@contoso.com granted contoso\\exch01$ onprem-1"), lines); // the log keeps keys lower-case
        assertEquals(connector, records.get(3).get("connectorId"));

        // only the owner or a global administrator may look
        assertRefused(403, "not_content_owner", () -> content(DemoTenant.BOB, "GET", "tracking", null));
        assertEquals(200, f.adminCall("GET", "content/" + contentId + "/tracking", Map.of(), null).status());
        assertRefused(404, "not_found", () -> f.admin().handle(f.user(DemoTenant.BOB), "GET",
                "content/unknown-content/tracking", Map.of(), "", Duration.ZERO));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private AdminAnswer content(String upn, String method, String what, String body) throws Exception {
        return f.admin().handle(f.user(upn), method, "content/" + contentId + "/" + what, Map.of(),
                body == null ? "" : body, Duration.ZERO);
    }

    private String certify(CloudCaller caller, String identity, KeyPair key) throws Exception {
        return f.ops().certify(caller, new CertifyRequest(PublicJwk.of((RSAPublicKey) key.getPublic()), identity))
                .certificate();
    }

    private LicenseResult asUser(String upn) throws Exception {
        CloudCaller user = f.user(upn);
        return acquire(user, certify(user, upn, ServiceFixture.USER_KEY), null);
    }

    private LicenseResult acquire(CloudCaller caller, String cert, String obo) throws Exception {
        return f.ops().acquireLicense(caller, new AcquireLicenseRequest(cert,
                List.of(new AcquireLicenseRequest.Item(pl, obo)))).results().get(0);
    }
}
