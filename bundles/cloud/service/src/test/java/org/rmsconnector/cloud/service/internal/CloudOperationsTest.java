package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.assertRefused;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.licensing.CloudOperationsImpl;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.store.UsageQuery;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateList;
import org.rmsconnector.protocol.TemplateSummary;
import org.rmsconnector.protocol.UseLicense;

/** The protect and consume flows at the service level, with real keys, a real database and the demo tenant. */
class CloudOperationsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private ServiceFixture f;
    private RSAPublicKey tenantKey;

    @BeforeEach
    void start() throws Exception {
        f = ServiceFixture.start(tmp);
        tenantKey = f.services.tenantKey().publicKey();
    }

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private String certify(CloudCaller caller, String identity, KeyPair key) throws Exception {
        CertifyResponse r = f.ops().certify(caller, new CertifyRequest(PublicJwk.of((RSAPublicKey) key.getPublic()),
                identity));
        assertEquals(List.of(f.services.tenantKey()), r.licensorChain());
        return r.certificate();
    }

    private String templateId(CloudCaller caller, String name) throws Exception {
        return f.ops().templates(caller).templates().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not visible to " + caller.identity())).id();
    }

    private record Protected(String publishingLicense, byte[] contentKey) {
    }

    private Protected protect(CloudCaller caller, String owner, Policy policy, int offlineDays) throws Exception {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        PublishingLicense.Draft draft = PublishingLicense.Draft.create(owner, policy, null, offlineDays, key, tenantKey);
        String pl = f.ops().publish(caller, new PublishRequest(draft)).publishingLicense();
        return new Protected(pl, key);
    }

    private LicenseResult acquire(CloudCaller caller, String cert, String pl, String obo) throws Exception {
        AcquireLicenseResponse r = f.ops().acquireLicense(caller, new AcquireLicenseRequest(cert,
                List.of(new AcquireLicenseRequest.Item(pl, obo))));
        assertEquals(1, r.results().size());
        return r.results().get(0);
    }

    private UseLicense open(LicenseResult r, Protected content, KeyPair holder) throws Exception {
        assertTrue(r.isSuccess(), () -> "refused: " + r.error());
        UseLicense ul = UseLicense.verify(r.useLicense(), tenantKey, f.clock.instant());
        assertArrayEquals(content.contentKey(), ul.unwrapContentKey(holder.getPrivate()));
        return ul;
    }

    private static void assertFailure(LicenseResult r, String code) {
        assertFalse(r.isSuccess(), "expected a refusal");
        assertEquals(code, r.error().code(), r.error().message());
    }

    private String connectorId() throws Exception {
        return f.registerConnector("connector-" + UUID.randomUUID(), ServiceFixture.CONNECTOR_KEY);
    }

    // ---- the protect flow --------------------------------------------------------------------------------------

    @Test
    void userProtectsWithATemplateAndRightsDecideWhoOpens() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        String finance = templateId(alice, DemoTenant.FINANCE_RESTRICTED);
        Protected content = protect(alice, DemoTenant.ALICE, Policy.template(finance), 1);
        PublishingLicense pl = PublishingLicense.verify(content.publishingLicense(), tenantKey);
        assertEquals(DemoTenant.ALICE, pl.owner());
        assertEquals(f.services.tenant().tenantId(), pl.issuer());

        // carol is in finance-managers, nested in finance: the template grants VIEW and EDIT
        CloudCaller carol = f.user(DemoTenant.CAROL);
        UseLicense carols = open(acquire(carol, certify(carol, DemoTenant.CAROL, ServiceFixture.USER_KEY),
                content.publishingLicense(), null), content, ServiceFixture.USER_KEY);
        assertEquals(EnumSet.of(Right.VIEW, Right.EDIT), carols.rights());
        assertEquals(DemoTenant.CAROL, carols.holder());
        assertNull(carols.terms().onBehalfOf());
        assertEquals(f.clock.instant().plus(Duration.ofDays(1)), carols.expiresAt(), "one offline day");

        // bob is not in finance: refused, and the refusal says why
        CloudCaller bob = f.user(DemoTenant.BOB);
        assertFailure(acquire(bob, certify(bob, DemoTenant.BOB, ServiceFixture.USER_KEY), content.publishingLicense(),
                null), "not_granted");

        // the owner always gets everything
        UseLicense alices = open(acquire(alice, certify(alice, DemoTenant.ALICE, ServiceFixture.USER_KEY),
                content.publishingLicense(), null), content, ServiceFixture.USER_KEY);
        assertTrue(alices.rights().contains(Right.OWNER));
    }

    @Test
    void adHocPolicyWithoutOfflineDaysGivesASessionLicense() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Protected content = protect(alice, DemoTenant.ALICE, Policy.adHoc(Grant.of(DemoTenant.BOB, Right.VIEW),
                Grant.of(DemoTenant.FINANCE, Right.PRINT)), 0);
        CloudCaller bob = f.user(DemoTenant.BOB);
        UseLicense ul = open(acquire(bob, certify(bob, DemoTenant.BOB, ServiceFixture.USER_KEY),
                content.publishingLicense(), null), content, ServiceFixture.USER_KEY);
        assertEquals(Set.of(Right.VIEW), ul.rights());
        assertEquals(f.clock.instant().plus(CloudOperationsImpl.SESSION_LICENSE_VALIDITY), ul.expiresAt());
        // carol gets PRINT through her nested finance membership (a group grant in an ad-hoc policy)
        CloudCaller carol = f.user(DemoTenant.CAROL);
        assertEquals(Set.of(Right.PRINT), open(acquire(carol, certify(carol, DemoTenant.CAROL, ServiceFixture.USER_KEY),
                content.publishingLicense(), null), content, ServiceFixture.USER_KEY).rights());
    }

    @Test
    void templateExpiryRefusesReadersButNotTheOwner() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Protected content = protect(alice, DemoTenant.ALICE,
                Policy.template(templateId(alice, DemoTenant.FINANCE_RESTRICTED)), 1);
        f.clock.advance(Duration.ofDays(31)); // the template: content expires 30 days after protection
        CloudCaller carol = f.user(DemoTenant.CAROL);
        assertFailure(acquire(carol, certify(carol, DemoTenant.CAROL, ServiceFixture.USER_KEY),
                content.publishingLicense(), null), "content_expired");
        open(acquire(alice, certify(alice, DemoTenant.ALICE, ServiceFixture.USER_KEY), content.publishingLicense(),
                null), content, ServiceFixture.USER_KEY);
    }

    @Test
    void publishingChecksOwnerAndTemplate() throws Exception {
        CloudCaller bob = f.user(DemoTenant.BOB);
        String confidential = templateId(bob, DemoTenant.CONFIDENTIAL);
        assertRefused(403, "owner_not_caller", () -> protect(bob, DemoTenant.ALICE, Policy.template(confidential), 1));
        assertRefused(400, "template_unknown",
                () -> protect(bob, DemoTenant.BOB, Policy.template(UUID.randomUUID().toString()), 1));
        assertRefused(400, "template_unknown", () -> protect(bob, DemoTenant.BOB, Policy.template("not-a-uuid"), 1));
        f.adminCall("POST", "templates/" + confidential + "/archive", Map.of(), "");
        assertRefused(403, "template_archived", () -> protect(bob, DemoTenant.BOB, Policy.template(confidential), 1));
        // the content key must be wrapped to the tenant key and bound to the draft
        byte[] key = new byte[32];
        PublishingLicense.Draft foreign = PublishingLicense.Draft.create(DemoTenant.BOB, Policy.adHoc(
                Grant.of(DemoTenant.ALICE, Right.VIEW)), null, 0, key, (RSAPublicKey) ServiceFixture.OTHER_KEY.getPublic());
        assertRefused(400, "WRONG_KEY", () -> f.ops().publish(bob, new PublishRequest(foreign)));
    }

    @Test
    void aCertificateServesOnlyItsSubject() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        CloudCaller bob = f.user(DemoTenant.BOB);
        Protected content = protect(alice, DemoTenant.ALICE,
                Policy.template(templateId(alice, DemoTenant.CONFIDENTIAL)), 1);
        String alicesCert = certify(alice, DemoTenant.ALICE, ServiceFixture.USER_KEY);
        assertRefused(403, "certificate_not_yours", () -> acquire(bob, alicesCert, content.publishingLicense(), null));
        assertRefused(403, "identity_not_yours", () -> certify(bob, DemoTenant.ALICE, ServiceFixture.USER_KEY));
        // a user may not say on-behalf-of
        LicenseResult r = acquire(bob, certify(bob, DemoTenant.BOB, ServiceFixture.USER_KEY),
                content.publishingLicense(), DemoTenant.ALICE);
        assertFailure(r, "obo_not_allowed");
        // an expired certificate
        f.clock.advance(CloudOperationsImpl.CERTIFICATE_VALIDITY.plusMinutes(2));
        CloudCaller aliceLater = f.user(DemoTenant.ALICE);
        assertRefused(403, "EXPIRED", () -> acquire(aliceLater, alicesCert, content.publishingLicense(), null));
    }

    @Test
    void aBatchWithABadItemKeepsTheOthers() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Protected confidential = protect(alice, DemoTenant.ALICE,
                Policy.template(templateId(alice, DemoTenant.CONFIDENTIAL)), 1);
        Protected finance = protect(alice, DemoTenant.ALICE,
                Policy.template(templateId(alice, DemoTenant.FINANCE_RESTRICTED)), 1);
        CloudCaller bob = f.user(DemoTenant.BOB);
        String cert = certify(bob, DemoTenant.BOB, ServiceFixture.USER_KEY);
        String[] parts = confidential.publishingLicense().split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        AcquireLicenseResponse r = f.ops().acquireLicense(bob, new AcquireLicenseRequest(cert, List.of(
                new AcquireLicenseRequest.Item(confidential.publishingLicense()),
                new AcquireLicenseRequest.Item(tampered),
                new AcquireLicenseRequest.Item(cert), // a certificate is no publishing license
                new AcquireLicenseRequest.Item(finance.publishingLicense()),
                new AcquireLicenseRequest.Item(confidential.publishingLicense()))));
        assertEquals(List.of(0, 1, 2, 3, 4), r.results().stream().map(LicenseResult::index).toList());
        open(r.results().get(0), confidential, ServiceFixture.USER_KEY);
        assertFailure(r.results().get(1), "BAD_SIGNATURE");
        assertFailure(r.results().get(2), "WRONG_TYPE");
        assertFailure(r.results().get(3), "not_granted");
        assertEquals(Set.of(Right.VIEW, Right.EDIT, Right.PRINT),
                open(r.results().get(4), confidential, ServiceFixture.USER_KEY).rights());
    }

    @Test
    void exchangeIsASuperUserAndFciGetsOnlyApplicationTemplates() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Protected finance = protect(alice, DemoTenant.ALICE,
                Policy.template(templateId(alice, DemoTenant.FINANCE_RESTRICTED)), 1);
        String connector = connectorId();
        f.authorize("CONTOSO\\EXCH01$", "computer", "exchange");
        f.authorize("FILE01$", "computer", "fci");

        // Exchange asking for super-user evaluation opens anything
        CloudCaller exchange = f.connector(connector, "CONTOSO\\EXCH01$", "CONTOSO\\EXCH01$", "exchange", null, true);
        assertTrue(exchange.superUser());
        String exchangeCert = certify(exchange, "CONTOSO\\EXCH01$", ServiceFixture.SERVER_KEY);
        ServerCertificate c = ServerCertificate.verify(exchangeCert, tenantKey, f.clock.instant());
        assertEquals("CONTOSO\\EXCH01$", c.subject());
        assertEquals("exchange", c.role());
        UseLicense ul = open(acquire(exchange, exchangeCert, finance.publishingLicense(), DemoTenant.BOB), finance,
                ServiceFixture.SERVER_KEY);
        assertTrue(ul.rights().contains(Right.OWNER));
        assertEquals("CONTOSO\\EXCH01$", ul.holder());
        assertEquals(DemoTenant.BOB, ul.terms().onBehalfOf());
        // without asking, Exchange evaluates bob's own rights
        CloudCaller exchangeForBob = f.connector(connector, "CONTOSO\\EXCH01$", "CONTOSO\\EXCH01$", "exchange",
                DemoTenant.BOB, false);
        assertFailure(acquire(exchangeForBob, exchangeCert, finance.publishingLicense(), null), "not_granted");

        // FCI: only templates published for applications, to see and to publish with; no on-behalf-of
        CloudCaller fci = f.connector(connector, "FILE01$", "FILE01$", "fci", null, false);
        assertEquals(Set.of(DemoTenant.CONFIDENTIAL, DemoTenant.VIEW_ONLY), f.ops().templates(fci).templates().stream()
                .map(TemplateSummary::name).collect(Collectors.toSet()));
        String restricted = templateId(alice, DemoTenant.FINANCE_RESTRICTED);
        assertRefused(403, "template_not_for_applications",
                () -> protect(fci, "FILE01$", Policy.template(restricted), 1));
        assertRefused(404, "not_found", () -> f.ops().template(fci, UUID.fromString(restricted)));
        Protected byFci = protect(fci, "FILE01$", Policy.template(templateId(fci, DemoTenant.CONFIDENTIAL)), 1);
        String fciCert = certify(fci, "FILE01$", ServiceFixture.SERVER_KEY);
        open(acquire(fci, fciCert, byFci.publishingLicense(), null), byFci, ServiceFixture.SERVER_KEY);
        assertFailure(acquire(fci, fciCert, byFci.publishingLicense(), DemoTenant.BOB), "obo_not_allowed");
        CloudCaller fciForBob = f.connector(connector, "FILE01$", "FILE01$", "fci", DemoTenant.BOB, false);
        assertRefused(403, "obo_not_allowed",
                () -> protect(fciForBob, DemoTenant.BOB, Policy.template(templateId(fci, DemoTenant.CONFIDENTIAL)), 1));
        // a user sees every published template
        assertEquals(3, f.ops().templates(alice).templates().size());
    }

    @Test
    void sharePointGroupEntryActsForUsersAndSharesOneIdentity() throws Exception {
        String connector = connectorId();
        f.adminCall("POST", "directory/groups", Map.of(),
                "{\"name\":\"sharepoint-servers@contoso.com\",\"users\":[\"SP01$\",\"SP02$\"]}");
        f.authorize("sharepoint-servers@contoso.com", "group", "sharepoint");
        CloudCaller sp1 = f.connector(connector, "SP01$", "sharepoint-servers@contoso.com", "sharepoint",
                DemoTenant.ALICE, false);
        assertEquals("sharepoint-servers@contoso.com", sp1.identity());
        assertEquals("SP01$", sp1.account());
        // SP01$ may certify, under the group's identity
        String cert = certify(sp1, "SP01$", ServiceFixture.SERVER_KEY);
        assertEquals("sharepoint-servers@contoso.com", ServerCertificate.verify(cert, tenantKey, f.clock.instant())
                .subject());
        // publishing for alice, and for the group itself
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Protected forAlice = protect(sp1, DemoTenant.ALICE, Policy.template(templateId(alice,
                DemoTenant.FINANCE_RESTRICTED)), 1);
        CloudCaller sp2 = f.connector(connector, "SP02$", "sharepoint-servers@contoso.com", "sharepoint", null, false);
        Protected byGroup = protect(sp2, "sharepoint-servers@contoso.com",
                Policy.adHoc(Grant.of(DemoTenant.BOB, Right.VIEW)), 1);
        // SP01$ opens what SP02$ protected: one identity, owner of both
        CloudCaller sp1Self = f.connector(connector, "SP01$", "sharepoint-servers@contoso.com", "sharepoint", null,
                false);
        assertTrue(open(acquire(sp1Self, cert, byGroup.publishingLicense(), null), byGroup, ServiceFixture.SERVER_KEY)
                .rights().contains(Right.OWNER));
        // on behalf of carol (finance) and of bob (not finance)
        UseLicense forCarol = open(acquire(sp1Self, cert, forAlice.publishingLicense(), DemoTenant.CAROL), forAlice,
                ServiceFixture.SERVER_KEY);
        assertEquals(DemoTenant.CAROL, forCarol.terms().onBehalfOf());
        assertEquals(EnumSet.of(Right.VIEW, Right.EDIT), forCarol.rights());
        assertFailure(acquire(sp1Self, cert, forAlice.publishingLicense(), DemoTenant.BOB), "not_granted");
    }

    @Test
    void preLicensingIsForExchangeAndTheOwner() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        Protected content = protect(alice, DemoTenant.ALICE,
                Policy.template(templateId(alice, DemoTenant.FINANCE_RESTRICTED)), 1);
        PublicJwk bobsKey = PublicJwk.of((RSAPublicKey) ServiceFixture.USER_KEY.getPublic());
        List<AcquirePreLicenseRequest.Recipient> recipients = List.of(
                new AcquirePreLicenseRequest.Recipient(DemoTenant.CAROL, bobsKey),
                new AcquirePreLicenseRequest.Recipient(DemoTenant.BOB, bobsKey));

        String connector = connectorId();
        f.authorize("EXCH01$", "computer", "exchange");
        CloudCaller exchange = f.connector(connector, "EXCH01$", "EXCH01$", "exchange", null, false);
        String cert = certify(exchange, "EXCH01$", ServiceFixture.SERVER_KEY);
        AcquirePreLicenseResponse r = f.ops().acquirePreLicense(exchange,
                new AcquirePreLicenseRequest(cert, content.publishingLicense(), recipients));
        UseLicense carols = open(r.results().get(0), content, ServiceFixture.USER_KEY);
        assertEquals(DemoTenant.CAROL, carols.holder());
        assertFailure(r.results().get(1), "not_granted");

        CloudCaller bob = f.user(DemoTenant.BOB);
        String bobsCert = certify(bob, DemoTenant.BOB, ServiceFixture.USER_KEY);
        assertRefused(403, "prelicense_not_allowed", () -> f.ops().acquirePreLicense(bob,
                new AcquirePreLicenseRequest(bobsCert, content.publishingLicense(), recipients)));
        String alicesCert = certify(alice, DemoTenant.ALICE, ServiceFixture.USER_KEY);
        assertTrue(f.ops().acquirePreLicense(alice, new AcquirePreLicenseRequest(alicesCert,
                content.publishingLicense(), recipients)).results().get(0).isSuccess());
    }

    @Test
    void aConnectorSpeakingForItselfGetsNoOperation() throws Exception {
        String connector = connectorId();
        CloudCaller self = f.connector(connector, connector, null, null, null, false);
        assertRefused(403, "entry_required", () -> f.ops().templates(self));
        assertRefused(403, "entry_required", () -> certify(self, connector, ServiceFixture.SERVER_KEY));
    }

    @Test
    void anOldPublishingLicenseStillLicensesAfterARestart() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        String tenantId = f.services.tenant().tenantId();
        Protected content = protect(alice, DemoTenant.ALICE,
                Policy.template(templateId(alice, DemoTenant.CONFIDENTIAL)), 1);
        String bobsCert = certify(f.user(DemoTenant.BOB), DemoTenant.BOB, ServiceFixture.USER_KEY);

        f.restart();

        assertEquals(tenantId, f.services.tenant().tenantId());
        assertEquals(tenantKey, f.services.tenantKey().publicKey());
        assertEquals(3, f.ops().templates(f.user(DemoTenant.BOB)).templates().size(), "not seeded twice");
        CloudCaller bob = f.user(DemoTenant.BOB);
        open(acquire(bob, bobsCert, content.publishingLicense(), null), content, ServiceFixture.USER_KEY);
    }

    @Test
    void everyRequestIsInTheUsageLogRefusalsToo() throws Exception {
        CloudCaller alice = f.user(DemoTenant.ALICE);
        String finance = templateId(alice, DemoTenant.FINANCE_RESTRICTED);
        Protected content = protect(alice, DemoTenant.ALICE, Policy.template(finance), 1);
        CloudCaller bob = f.user(DemoTenant.BOB);
        acquire(bob, certify(bob, DemoTenant.BOB, ServiceFixture.USER_KEY), content.publishingLicense(), null);
        assertRefused(403, "owner_not_caller", () -> protect(bob, DemoTenant.ALICE, Policy.template(finance), 1));

        List<UsageRecord> log = f.services.store().usage().query(UsageQuery.between(null, null, 100));
        UsageRecord refusal = log.stream().filter(r -> r.requestType().equals("AcquireLicense")
                && DemoTenant.BOB.equals(r.user())).findFirst().orElseThrow();
        assertEquals("not_granted", refusal.result());
        assertEquals(PublishingLicense.parseUnverified(content.publishingLicense()).contentId(), refusal.contentId());
        assertEquals(DemoTenant.ALICE, refusal.owner());
        assertEquals(UUID.fromString(finance), refusal.templateId());
        assertEquals(bob.requestId(), refusal.correlationId());
        assertTrue(log.stream().anyMatch(r -> r.requestType().equals("Publish") && r.result().equals("owner_not_caller")
                && DemoTenant.BOB.equals(r.user())), log.toString());
        assertTrue(log.stream().anyMatch(r -> r.requestType().equals("Publish") && r.result().equals("granted")
                && DemoTenant.ALICE.equals(r.user())));
        assertTrue(log.stream().anyMatch(r -> r.requestType().equals("Certify") && DemoTenant.BOB.equals(r.user())));
        assertTrue(log.stream().anyMatch(r -> r.requestType().equals("AcquireTemplates")));
    }

    @Test
    void usageRecordsNameTheConnectorAndTheUserActedFor() throws Exception {
        String connector = connectorId();
        f.authorize("EXCH01$", "computer", "exchange");
        CloudCaller exchange = f.connector(connector, "EXCH01$", "EXCH01$", "exchange", DemoTenant.BOB, false);
        f.ops().templates(exchange);
        UsageRecord r = f.services.store().usage().query(UsageQuery.between(null, null, 100).ofType("AcquireTemplates"))
                .get(0);
        assertEquals(connector, r.connectorId());
        assertEquals("exch01$", r.user());
        assertEquals(DemoTenant.BOB, r.actingAs());
    }

    @Test
    void serverInfoAndTemplateDetails() throws Exception {
        ServerInfo info = f.ops().serverInfo(URI.create("https://rms.contoso.example:8444"));
        assertEquals(f.services.tenant().tenantId(), info.tenantId());
        assertEquals(DemoTenant.TENANT_NAME, info.serviceName());
        assertEquals(URI.create("https://rms.contoso.example:8444/_wmcs/certification"), info.certificationUrl());
        assertEquals(URI.create("https://rms.contoso.example:8444/_wmcs/licensing"), info.licensingUrl());
        assertEquals(URI.create("https://rms.contoso.example:8444/_wmcs/licensing/publish"), info.publishingUrl());
        assertEquals(URI.create("https://proxy.example/rms/_wmcs/licensing"),
                f.ops().serverInfo(URI.create("https://proxy.example/rms/")).licensingUrl());

        CloudCaller alice = f.user(DemoTenant.ALICE);
        TemplateList list = f.ops().templates(alice);
        TemplateSummary finance = list.templates().stream().filter(t -> t.name().equals(DemoTenant.FINANCE_RESTRICTED))
                .findFirst().orElseThrow();
        assertFalse(finance.forApplications());
        Map<String, Object> json = ServiceFixture.parse(f.ops().template(alice, UUID.fromString(finance.id())));
        assertEquals(finance.hash(), json.get("hash"));
        assertEquals(Map.of("kind", "daysAfterProtection", "days", 30L), json.get("expiry"));
        assertRefused(404, "not_found", () -> f.ops().template(alice, UUID.randomUUID()));
    }
}
