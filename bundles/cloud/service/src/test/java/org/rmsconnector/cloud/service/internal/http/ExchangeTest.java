package org.rmsconnector.cloud.service.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;

/** What a body must be before the service reads it (docs/protocol.md §2). */
class ExchangeTest {

    private static final String JWS = "eyJhbGciOiJQUzI1NiJ9.eyJ2ZXIiOjF9.c2ln";

    private static String body(String contentType, byte[] body) throws Exception {
        Map<String, List<String>> headers = contentType == null ? Map.of()
                : Map.of("Content-Type", List.of(contentType));
        return Exchange.jsonBody(FakeHttp.request(headers, body), "AcquireLicenseRequest");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CloudException refused(int status, String code, String contentType, byte[] body) {
        CloudException e = assertThrows(CloudException.class, () -> body(contentType, body));
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void aTextBodyGets415SayingWhatIsExpected() {
        CloudException e = refused(415, "unsupported_media_type", "text/plain", utf8("{}"));
        assertTrue(e.getMessage().contains("'text/plain' is not accepted") && e.getMessage().contains(
                "application/json"), e.getMessage());
    }

    @Test
    void aBodyWithoutContentTypeGets415() {
        CloudException e = refused(415, "unsupported_media_type", null, utf8("{}"));
        assertTrue(e.getMessage().contains("no Content-Type"), e.getMessage());
    }

    @Test
    void aCharsetOtherThanUtf8Gets415() {
        CloudException e = refused(415, "unsupported_media_type", "application/json; charset=windows-1252",
                utf8("{}"));
        assertTrue(e.getMessage().contains("JSON bodies are UTF-8"), e.getMessage());
    }

    @Test
    void jsonIsReadWithOrWithoutUtf8Charset() throws Exception {
        assertEquals("{\"a\":\"é\"}", body("application/json", utf8("{\"a\":\"é\"}")));
        assertEquals("{}", body("application/json; charset=utf-8", utf8("{}")));
    }

    @Test
    void anEmptyBodyNeedsNoType() throws Exception {
        assertEquals("", body(null, new byte[0]));
        assertEquals("", body("text/plain", new byte[0]));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheFieldNotReplaced() {
        byte[] bytes = utf8("{\"serverCertificate\":\"" + JWS + "\",\"items\":[{\"publishingLicense\":\"" + JWS
                + "\",\"onBehalfOf\":\"bob?\"}]}");
        bytes[bytes.length - 5] = (byte) 0xc0;
        ProtocolException e = assertThrows(ProtocolException.class, () -> body("application/json", bytes));
        assertEquals(Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().startsWith("AcquireLicenseRequest.items[0].onBehalfOf: not UTF-8"), e.getMessage());
    }

    @Test
    void aMemberRepeatedInsideItemsIsRefusedByTheRecordReadingTheBody() throws Exception {
        String text = body("application/json", utf8("{\"serverCertificate\":\"" + JWS + "\",\"items\":[{},{},"
                + "{\"publishingLicense\":\"" + JWS + "\",\"publishingLicense\":\"" + JWS + "x\"}]}"));
        ProtocolException e = assertThrows(ProtocolException.class, () -> AcquireLicenseRequest.fromJson(text));
        assertTrue(e.getMessage().startsWith("AcquireLicenseRequest.items[2].publishingLicense: duplicate member"),
                e.getMessage());
    }

    @Test
    void aBodyPastTheLimitGets413() {
        refused(413, "body_too_large", "application/json", new byte[Exchange.MAX_BODY + 1]);
    }
}
