package org.rmsconnector.workload.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What an adapter reads from a body is what the cloud will read: one reading, or a 400 naming the field. */
class BodiesTest {

    private static String refused(Executable e) {
        Refused r = assertThrows(Refused.class, e::run);
        assertEquals(400, r.refuse().status());
        return r.refuse().message();
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void aMemberTwiceInANestedObjectIsRefusedNamingItsPath() {
        String message = refused(() -> Bodies.object("{\"draft\":{\"owner\":\"alice@contoso.com\","
                + "\"owner\":\"mallory@contoso.com\"},\"dnf\":{\"recipients\":[\"bob@contoso.com\"]}}",
                "PublishRequest"));
        assertTrue(message.startsWith("PublishRequest.draft.owner: duplicate member name"), message);
    }

    @Test
    void aMemberTwiceInsideAnArrayElementIsRefusedNamingItsPath() {
        String message = refused(() -> Bodies.object("{\"items\":[{\"publishingLicense\":\"a.b.c\"},"
                + "{\"publishingLicense\":\"a.b.c\",\"publishingLicense\":\"d.e.f\"}]}", "AcquireLicenseRequest"));
        assertTrue(message.startsWith("AcquireLicenseRequest.items[1].publishingLicense: duplicate member name"),
                message);
    }

    @Test
    void anEscapedLoneSurrogateIsRefused() {
        String message = refused(() -> Bodies.templatesBody("{\"id\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(message.startsWith("TemplateRequest.id: lone surrogate"), message);
    }

    @Test
    void aRawLoneSurrogateIsRefused() {
        String message = refused(() -> Bodies.object("{\"draft\":{\"owner\":\"a\udc00\"}}", "PublishRequest"));
        assertTrue(message.startsWith("PublishRequest.draft.owner: lone surrogate"), message);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheField() {
        byte[] body = "{\"serverCertificate\":\"a.b.c\",\"items\":[{\"onBehalfOf\":\"bob?\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        body[body.length - 6] = (byte) 0xff;
        String message = refused(() -> Bodies.objectText(body, "AcquireLicenseRequest"));
        assertTrue(message.startsWith("AcquireLicenseRequest.items[0].onBehalfOf: not UTF-8: byte 55 (0xff)"),
                message);
    }

    @Test
    void aWellFormedBodyReadsAsAMapTheAdapterMayEdit() throws Exception {
        Map<String, Object> m = Bodies.object(Bodies.objectText("{\"draft\":{\"owner\":\"Zoë\"},\"dnf\":{}}"
                .getBytes(StandardCharsets.UTF_8), "PublishRequest"), "PublishRequest");
        assertEquals(Map.of(), m.remove("dnf"));
        assertEquals("{\"draft\":{\"owner\":\"Zoë\"}}", Bodies.json(m));
    }
}
