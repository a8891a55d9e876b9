package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import org.junit.jupiter.api.Test;

/**
 * The wire messages refuse what a lax parser would read one way and another parser another way: a member twice at any
 * depth, a string that is not well-formed Unicode. Each refusal names the JSON path.
 */
class StrictMessagesTest {

    private static final String JWS = "eyJhbGciOiJQUzI1NiJ9.eyJ2ZXIiOjF9.c2ln";
    private static final String OTHER_JWS = "eyJhbGciOiJQUzI1NiJ9.eyJ2ZXIiOjJ9.c2ln";

    private static String items(String third) {
        return "{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS + "\"},"
                + "{\"publishingLicense\":\"" + JWS + "\"}," + third + "]}";
    }

    @Test
    void aMemberTwiceInsideAnItemIsRefusedNamingItsPath() {
        String json = items("{\"publishingLicense\":\"" + JWS + "\",\"publishingLicense\":\"" + OTHER_JWS + "\"}");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseRequest.fromJson(json));
        assertTrue(e.getMessage().startsWith("AcquireLicenseRequest.items[2].publishingLicense: duplicate member"),
                e.getMessage());
    }

    @Test
    void aMemberTwiceInANestedObjectIsRefusedNamingItsPath() {
        String json = "{\"publicKey\":{\"kty\":\"RSA\",\"e\":\"AQAB\",\"e\":\"AQAC\",\"n\":\"AQAB\"},"
                + "\"identity\":\"CONTOSO\\\\EXCH01$\"}";
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> CertifyRequest.fromJson(json));
        assertTrue(e.getMessage().startsWith("CertifyRequest.publicKey.e: duplicate member"), e.getMessage());
    }

    @Test
    void aMemberTwiceAtTheTopIsRefused() {
        String json = "{\"publishingLicense\":\"" + JWS + "\",\"publishingLicense\":\"" + OTHER_JWS + "\"}";
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> PublishResponse.fromJson(json));
        assertTrue(e.getMessage().startsWith("PublishResponse.publishingLicense: duplicate member"), e.getMessage());
    }

    @Test
    void anEscapedLoneSurrogateIsRefusedNamingItsPath() {
        String json = items("{\"publishingLicense\":\"" + JWS + "\",\"onBehalfOf\":\"bob\\ud800@contoso.com\"}");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseRequest.fromJson(json));
        assertTrue(e.getMessage().startsWith("AcquireLicenseRequest.items[2].onBehalfOf: lone surrogate"),
                e.getMessage());
    }

    @Test
    void anEscapedLowSurrogateWithoutItsHighHalfIsRefused() {
        String json = items("{\"publishingLicense\":\"" + JWS + "\",\"onBehalfOf\":\"\\udc00bob@contoso.com\"}");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseRequest.fromJson(json));
        assertTrue(e.getMessage().contains("items[2].onBehalfOf: lone surrogate"), e.getMessage());
    }

    @Test
    void aHighSurrogateEscapeFollowedByARawCharacterIsRefused() {
        String json = items("{\"publishingLicense\":\"" + JWS + "\",\"onBehalfOf\":\"\\ud83dx@contoso.com\"}");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseRequest.fromJson(json));
        assertTrue(e.getMessage().contains("items[2].onBehalfOf: lone surrogate"), e.getMessage());
    }

    @Test
    void aRawLoneSurrogateInTheTextIsRefused() {
        String json = items("{\"publishingLicense\":\"" + JWS + "\",\"onBehalfOf\":\"bob\ud800@contoso.com\"}");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> AcquireLicenseRequest.fromJson(json));
        assertTrue(e.getMessage().contains("items[2].onBehalfOf: lone surrogate"), e.getMessage());
    }

    @Test
    void aSurrogatePairEscapedOrRawIsAccepted() throws Exception {
        AcquireLicenseRequest escaped = AcquireLicenseRequest.fromJson(
                items("{\"publishingLicense\":\"" + JWS + "\",\"onBehalfOf\":\"\\ud83d\\ude00@contoso.com\"}"));
        assertEquals("\ud83d\ude00@contoso.com", escaped.items().get(2).onBehalfOf());
        AcquireLicenseRequest raw = AcquireLicenseRequest.fromJson(
                items("{\"publishingLicense\":\"" + JWS + "\",\"onBehalfOf\":\"\ud83d\ude00@contoso.com\"}"));
        assertEquals("\ud83d\ude00@contoso.com", raw.items().get(2).onBehalfOf());
    }

    @Test
    void whatLaxParsersAcceptIsRefused() {
        for (String lax : new String[] {
            "{'publishingLicense':'" + JWS + "'}",              // single quotes
            "{publishingLicense:\"" + JWS + "\"}",              // unquoted name
            "{\"publishingLicense\":\"" + JWS + "\",}",         // trailing comma
            "{\"publishingLicense\":\"" + JWS + "\"} {}",       // a second value
            "{\"publishingLicense\":\"" + JWS + "\"}/**/",      // a comment
            "\ufeff{\"publishingLicense\":\"" + JWS + "\"}",    // a byte order mark
            "[[\"publishingLicense\",\"" + JWS + "\"]]",        // pairs read as an object
            "{\"publishingLicense\":\"a\tb\"}",                 // a raw control character
        }) {
            assertRefused(Reason.MALFORMED, () -> PublishResponse.fromJson(lax));
        }
    }
}
