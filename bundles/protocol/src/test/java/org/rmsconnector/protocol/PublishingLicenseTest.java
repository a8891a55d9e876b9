package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.NOW;
import static org.rmsconnector.protocol.Fixtures.TENANT_ID;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import com.nimbusds.jose.JWSObject;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishingLicenseTest {

    private static final Policy AD_HOC = Policy.adHoc(
            Grant.of("bob@contoso.com", Right.VIEW, Right.PRINT),
            new Grant("sales@contoso.com", EnumSet.of(Right.VIEW, Right.EDIT, Right.REPLY)));

    @Test
    void clientDraftsServiceSignsAnyoneVerifies() throws Exception {
        byte[] key = ContentKeys.generate();
        Instant notAfter = NOW.plus(Duration.ofDays(30));
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com", AD_HOC, notAfter, 3, key,
                Fixtures.tenantPublic());
        PublishingLicense signed = PublishingLicense.sign(d, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        assertEquals(PublishingLicense.TYPE, JWSObject.parse(signed.compact()).getHeader().getType().getType());

        PublishingLicense pl = PublishingLicense.verify(signed.compact(), Fixtures.tenantPublic());
        assertEquals(d, pl.draft());
        assertEquals(TENANT_ID, pl.issuer());
        assertEquals(NOW, pl.createdAt());
        assertEquals(notAfter, pl.notAfter());
        assertEquals(3, pl.offlineDays());
        assertEquals(AD_HOC, pl.policy());
        assertEquals(1, pl.version());
        assertArrayEquals(key, pl.unwrapContentKey(Fixtures.tenantPrivate()));
    }

    @Test
    void templatePolicyAndNoExpiry() throws Exception {
        PublishingLicense pl = PublishingLicense.verify(Fixtures.publishingLicense(ContentKeys.generate()).compact(),
                Fixtures.tenantPublic());
        assertInstanceOf(Policy.Template.class, pl.policy());
        assertNull(pl.notAfter());
        pl.checkContentValid(NOW.plus(Duration.ofDays(10_000)));
    }

    @Test
    void contentValidityIsCheckedSeparately() throws Exception {
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com", AD_HOC, NOW.plusSeconds(60), 0,
                ContentKeys.generate(), Fixtures.tenantPublic());
        PublishingLicense pl = PublishingLicense.sign(d, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        pl.checkContentValid(NOW);
        assertRefused(Reason.EXPIRED, () -> pl.checkContentValid(NOW.plusSeconds(60)));
        // still readable for `info` and still verifiable: expiry is a licensing decision
        PublishingLicense.verify(pl.compact(), Fixtures.tenantPublic());
    }

    @Test
    void refusesWrongSignerAndWrongType() throws Exception {
        PublishingLicense pl = Fixtures.publishingLicense(ContentKeys.generate());
        assertRefused(Reason.WRONG_KEY,
                () -> PublishingLicense.verify(pl.compact(), (RSAPublicKey) Fixtures.OTHER_TENANT.getPublic()));
        assertRefused(Reason.WRONG_TYPE,
                () -> PublishingLicense.verify(Fixtures.exchangeCertificate().compact(), Fixtures.tenantPublic()));
    }

    @Test
    void serviceRefusesKeyWrappedToAnotherTenant() throws Exception {
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com", AD_HOC, null, 0,
                ContentKeys.generate(), (RSAPublicKey) Fixtures.OTHER_TENANT.getPublic());
        assertRefused(Reason.WRONG_KEY,
                () -> PublishingLicense.sign(d, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid()));
    }

    @Test
    void copiedWrappedKeyCannotBeRepublishedUnderAnotherOwner() throws Exception {
        PublishingLicense alice = Fixtures.publishingLicense(ContentKeys.generate());
        // Mallory lifts the wrapped key out of Alice's file and publishes it as her own content.
        PublishingLicense.Draft stolen = new PublishingLicense.Draft(alice.contentId(), "mallory@contoso.com",
                Policy.adHoc(Grant.of("mallory@contoso.com", Right.OWNER)), null, 0, alice.wrappedContentKey());
        assertRefused(Reason.BINDING_MISMATCH,
                () -> PublishingLicense.sign(stolen, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid()));
        // An unbound wrap is refused too: licenses only carry bound keys.
        PublishingLicense.Draft unbound = new PublishingLicense.Draft(PublishingLicense.newContentId(), "alice@contoso.com",
                AD_HOC, null, 0, ContentKeys.wrap(ContentKeys.generate(), Fixtures.tenantPublic()));
        assertRefused(Reason.BINDING_MISMATCH,
                () -> PublishingLicense.sign(unbound, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid()));
    }

    @Test
    void draftJsonRoundTripAndValidation() throws Exception {
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com", AD_HOC, NOW, 5,
                ContentKeys.generate(), Fixtures.tenantPublic());
        assertEquals(d, PublishingLicense.Draft.fromJson(d.toJson()));

        String noPolicy = d.toJson().replaceFirst("\"policy\":\\{.*?\\]\\}\\]\\},", "");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> PublishingLicense.Draft.fromJson(noPolicy));
        assertTrue(e.getMessage().contains("Draft.policy"), e.getMessage());

        String badRight = d.toJson().replace("\"PRINT\"", "\"SCREENSHOT\"");
        e = assertRefused(Reason.MALFORMED, () -> PublishingLicense.Draft.fromJson(badRight));
        assertTrue(e.getMessage().contains("Draft.policy.grants[0].rights") && e.getMessage().contains("SCREENSHOT"),
                e.getMessage());

        String both = d.toJson().replace("\"policy\":{", "\"policy\":{\"template\":\"t1\",");
        e = assertRefused(Reason.MALFORMED, () -> PublishingLicense.Draft.fromJson(both));
        assertTrue(e.getMessage().contains("exactly one"), e.getMessage());

        String badId = d.toJson().replace(d.contentId(), "short");
        e = assertRefused(Reason.MALFORMED, () -> PublishingLicense.Draft.fromJson(badId));
        assertTrue(e.getMessage().contains("Draft.contentId"), e.getMessage());

        String negative = d.toJson().replace("\"offlineDays\":5", "\"offlineDays\":-1");
        e = assertRefused(Reason.MALFORMED, () -> PublishingLicense.Draft.fromJson(negative));
        assertTrue(e.getMessage().contains("Draft.offlineDays"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Policy.adHoc(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Grant("bob", EnumSet.noneOf(Right.class)));
    }
}
