package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.NOW;
import static org.rmsconnector.protocol.Fixtures.TENANT_ID;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final URI BASE = URI.create("https://rms.contoso.example/_wmcs");

    @Test
    void serverInfo() throws Exception {
        ServerInfo i = new ServerInfo(TENANT_ID, "Contoso RMS", "1.0", BASE.resolve("/_wmcs/certification"),
                BASE.resolve("/_wmcs/licensing"), BASE.resolve("/_wmcs/licensing/publish"));
        assertEquals(i, ServerInfo.fromJson(i.toJson()));
        String relative = i.toJson().replace("https://rms.contoso.example/_wmcs/licensing\"", "/relative\"");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> ServerInfo.fromJson(relative));
        assertTrue(e.getMessage().contains("ServerInfo.licensingUrl"), e.getMessage());
    }

    @Test
    void certify() throws Exception {
        CertifyRequest req = new CertifyRequest(PublicJwk.of(Fixtures.serverPublic()), "CONTOSO\\EXCH01$");
        assertEquals(req, CertifyRequest.fromJson(req.toJson()));
        ProtocolException e = assertRefused(Reason.MALFORMED,
                () -> CertifyRequest.fromJson(req.toJson().replace("\"identity\"", "\"ident\"")));
        assertTrue(e.getMessage().contains("CertifyRequest.identity: missing"), e.getMessage());
        e = assertRefused(Reason.MALFORMED,
                () -> CertifyRequest.fromJson(req.toJson().replace("\"kty\":\"RSA\"", "\"kty\":\"oct\"")));
        assertTrue(e.getMessage().contains("CertifyRequest.publicKey.kty"), e.getMessage());

        CertifyResponse resp = new CertifyResponse(Fixtures.exchangeCertificate().compact(),
                List.of(PublicJwk.of(Fixtures.tenantPublic())));
        CertifyResponse back = CertifyResponse.fromJson(resp.toJson());
        assertEquals(resp, back);
        assertEquals(Fixtures.tenantKid(), back.tenantKey().kid());
        e = assertRefused(Reason.MALFORMED,
                () -> CertifyResponse.fromJson("{\"certificate\":\"a.b.c\",\"licensorChain\":[]}"));
        assertTrue(e.getMessage().contains("CertifyResponse.licensorChain"), e.getMessage());
    }

    @Test
    void publish() throws Exception {
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com", Policy.template("t-1"), null, 1,
                ContentKeys.generate(), Fixtures.tenantPublic());
        PublishRequest req = new PublishRequest(d);
        assertEquals(req, PublishRequest.fromJson(req.toJson()));
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> PublishRequest.fromJson(
                req.toJson().replace(d.wrappedContentKey(), "not-a-jwe")));
        assertTrue(e.getMessage().contains("PublishRequest.draft.wrappedContentKey"), e.getMessage());

        PublishResponse resp = new PublishResponse(
                PublishingLicense.sign(d, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid()).compact());
        assertEquals(resp, PublishResponse.fromJson(resp.toJson()));
    }

    @Test
    void acquireLicense() throws Exception {
        String pl = Fixtures.publishingLicense(ContentKeys.generate()).compact();
        AcquireLicenseRequest req = new AcquireLicenseRequest(Fixtures.exchangeCertificate().compact(),
                List.of(new AcquireLicenseRequest.Item(pl), new AcquireLicenseRequest.Item(pl, "bob@contoso.com")));
        AcquireLicenseRequest back = AcquireLicenseRequest.fromJson(req.toJson());
        assertEquals(req, back);
        assertNull(back.items().get(0).onBehalfOf());
        assertFalse(req.toJson().contains("null"), "absent optional fields are omitted, not null");

        ProtocolException e = assertRefused(Reason.MALFORMED,
                () -> AcquireLicenseRequest.fromJson(req.toJson().replace("\"onBehalfOf\":\"bob@contoso.com\"",
                        "\"onBehalfOf\":42")));
        assertTrue(e.getMessage().contains("AcquireLicenseRequest.items[1].onBehalfOf"), e.getMessage());
        e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseRequest.fromJson(
                "{\"serverCertificate\":\"a.b.c\",\"items\":[{}]}"));
        assertTrue(e.getMessage().contains("AcquireLicenseRequest.items[0].publishingLicense: missing"), e.getMessage());
        e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseRequest.fromJson(
                "{\"serverCertificate\":\"a.b.c\",\"items\":[]}"));
        assertTrue(e.getMessage().contains("AcquireLicenseRequest.items"), e.getMessage());

        AcquireLicenseResponse resp = new AcquireLicenseResponse(List.of(
                LicenseResult.success(0, useLicense(EnumSet.of(Right.VIEW)).compact()),
                LicenseResult.failure(1, "ACCESS_DENIED", "bob@contoso.com has no rights to this content")));
        AcquireLicenseResponse r = AcquireLicenseResponse.fromJson(resp.toJson());
        assertEquals(resp, r);
        assertTrue(r.results().get(0).isSuccess());
        assertEquals("ACCESS_DENIED", r.results().get(1).error().code());

        e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseResponse.fromJson(
                "{\"results\":[{\"index\":0,\"useLicense\":\"a.b.c\",\"error\":{\"code\":\"X\",\"message\":\"y\"}}]}"));
        assertTrue(e.getMessage().contains("AcquireLicenseResponse.results[0]") && e.getMessage().contains("exactly one"),
                e.getMessage());
        e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseResponse.fromJson(
                "{\"results\":[{\"index\":0,\"error\":{\"code\":\"X\"}}]}"));
        assertTrue(e.getMessage().contains("AcquireLicenseResponse.results[0].error.message"), e.getMessage());
        e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseResponse.fromJson(
                "{\"results\":[{\"index\":1.5,\"useLicense\":\"a.b.c\"}]}"));
        assertTrue(e.getMessage().contains("AcquireLicenseResponse.results[0].index"), e.getMessage());
    }

    @Test
    void acquirePreLicense() throws Exception {
        AcquirePreLicenseRequest req = new AcquirePreLicenseRequest(Fixtures.exchangeCertificate().compact(),
                Fixtures.publishingLicense(ContentKeys.generate()).compact(),
                List.of(new AcquirePreLicenseRequest.Recipient("bob@contoso.com", PublicJwk.of(Fixtures.serverPublic())),
                        new AcquirePreLicenseRequest.Recipient("carol@fabrikam.example",
                                PublicJwk.of((java.security.interfaces.RSAPublicKey) Fixtures.OTHER_SERVER.getPublic()))));
        assertEquals(req, AcquirePreLicenseRequest.fromJson(req.toJson()));
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> AcquirePreLicenseRequest.fromJson(
                req.toJson().replace("\"identity\":\"carol@fabrikam.example\",", "")));
        assertTrue(e.getMessage().contains("AcquirePreLicenseRequest.recipients[1].identity"), e.getMessage());

        AcquirePreLicenseResponse resp = new AcquirePreLicenseResponse(List.of(
                LicenseResult.success(0, useLicense(EnumSet.of(Right.VIEW)).compact()),
                LicenseResult.failure(1, "UNKNOWN_RECIPIENT", "carol@fabrikam.example is not in this tenant")));
        assertEquals(resp, AcquirePreLicenseResponse.fromJson(resp.toJson()));
        e = assertRefused(Reason.MALFORMED, () -> AcquirePreLicenseResponse.fromJson(
                "{\"results\":[{\"index\":0,\"useLicense\":\"a.b.c\"},{\"index\":0,\"useLicense\":\"a.b.c\"}]}"));
        assertTrue(e.getMessage().contains("index 0 appears twice"), e.getMessage());
    }

    @Test
    void templatesAndErrors() throws Exception {
        TemplateList list = new TemplateList(List.of(
                new TemplateSummary("t-1", "Confidential", "Employees only", "sha256:abc", true),
                new TemplateSummary("t-2", "Do Not Forward", null, "sha256:def")));
        TemplateList back = TemplateList.fromJson(list.toJson());
        assertEquals(list, back);
        assertFalse(back.templates().get(1).forApplications());
        assertEquals(list.templates().get(0), TemplateSummary.fromJson(list.templates().get(0).toJson()));
        ProtocolException e = assertRefused(Reason.MALFORMED,
                () -> TemplateList.fromJson("{\"templates\":[{\"id\":\"t\",\"name\":\"n\",\"hash\":\"h\",\"forApplications\":\"yes\"}]}"));
        assertTrue(e.getMessage().contains("TemplateList.templates[0].forApplications"), e.getMessage());

        ErrorResponse err = ErrorResponse.of(new ProtocolException(Reason.EXPIRED, "certificate expired"), "req-42");
        assertEquals(new ErrorResponse("EXPIRED", "certificate expired", "req-42"), ErrorResponse.fromJson(err.toJson()));
        assertNull(ErrorResponse.fromJson("{\"code\":\"X\",\"message\":\"m\"}").requestId());
        e = assertRefused(Reason.MALFORMED, () -> ErrorResponse.fromJson("{\"code\":\"X\"}"));
        assertTrue(e.getMessage().contains("ErrorResponse.message"), e.getMessage());
    }

    @Test
    void refusesNonObjectsAndGarbage() {
        for (String bad : new String[] {null, "", "[]", "42", "{", "{\"a\":1}{", "{\"code\":\"X\",\"code\":\"Y\",\"message\":\"m\"}"}) {
            assertRefused(Reason.MALFORMED, () -> ErrorResponse.fromJson(bad));
        }
    }

    /** A typical license request (one item, RSA-3072 keys everywhere) and its answer fit in 4 KB each. */
    @Test
    void typicalLicenseExchangeFitsIn4KB() throws Exception {
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice.anderson@contoso.com",
                Policy.adHoc(Grant.of("bob.brown@contoso.com", Right.VIEW, Right.PRINT, Right.REPLY)),
                NOW.plus(Duration.ofDays(90)), 7, ContentKeys.generate(), Fixtures.tenantPublic());
        String pl = PublishingLicense.sign(d, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid()).compact();
        String request = new AcquireLicenseRequest(Fixtures.exchangeCertificate().compact(),
                List.of(new AcquireLicenseRequest.Item(pl, "bob.brown@contoso.com"))).toJson();
        String response = new AcquireLicenseResponse(List.of(LicenseResult.success(0,
                useLicense(EnumSet.of(Right.VIEW, Right.PRINT, Right.REPLY)).compact()))).toJson();
        int req = request.getBytes(StandardCharsets.UTF_8).length;
        int resp = response.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(req < 4096, "request is " + req + " bytes");
        assertTrue(resp < 4096, "response is " + resp + " bytes");
    }

    /** What a relay carries never contains a content key in the clear, in any usual encoding. */
    @Test
    void relayedMessagesNeverCarryTheContentKey() throws Exception {
        byte[] key = ContentKeys.generate();
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com", Policy.template("t-1"), null, 0,
                key, Fixtures.tenantPublic());
        PublishingLicense pl = PublishingLicense.sign(d, TENANT_ID, NOW, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        UseLicense ul = UseLicense.issue(new UseLicense.Terms(TENANT_ID, pl.contentId(), "CONTOSO\\EXCH01$", null,
                EnumSet.of(Right.VIEW), NOW, NOW.plusSeconds(60)), key, Fixtures.serverPublic(), Fixtures.tenantPrivate(),
                Fixtures.tenantKid());
        String traffic = new PublishRequest(d).toJson() + new PublishResponse(pl.compact()).toJson()
                + new AcquireLicenseRequest(Fixtures.exchangeCertificate().compact(),
                        List.of(new AcquireLicenseRequest.Item(pl.compact()))).toJson()
                + new AcquireLicenseResponse(List.of(LicenseResult.success(0, ul.compact()))).toJson();
        // the JWS payloads, decoded, are what a curious relay would look at
        StringBuilder decoded = new StringBuilder(traffic);
        for (String jws : new String[] {pl.compact(), ul.compact()}) {
            decoded.append(new Base64URL(jws.split("\\.")[1]).decodeToString());
        }
        for (String needle : new String[] {Base64URL.encode(key).toString(), Base64.encode(key).toString(),
                HexFormat.of().formatHex(key), new String(key, StandardCharsets.ISO_8859_1)}) {
            assertFalse(decoded.toString().contains(needle), "content key visible on the wire");
        }
    }

    private static UseLicense useLicense(EnumSet<Right> rights) throws ProtocolException {
        return UseLicense.issue(new UseLicense.Terms(TENANT_ID, PublishingLicense.newContentId(), "CONTOSO\\EXCH01$",
                "bob.brown@contoso.com", rights, NOW, NOW.plus(Duration.ofDays(7))), ContentKeys.generate(),
                Fixtures.serverPublic(), Fixtures.tenantPrivate(), Fixtures.tenantKid());
    }
}
