package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class CsrfTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static FakeHttp.Req req() {
        return new FakeHttp.Req("rms");
    }

    @Test
    void theTokenBelongsToTheUserAndTheActivation() {
        Csrf csrf = new Csrf(KEY);
        FakeHttp.Req other = req();
        other.remoteUser = "operator";

        assertEquals(csrf.token(req().build()), new Csrf(KEY).token(req().build()));
        assertNotEquals(csrf.token(req().build()), csrf.token(other.build()));
        assertNotEquals(csrf.token(req().build()), Csrf.withRandomKey().token(req().build()));
    }

    @Test
    void theRightTokenFromThisHostPasses() {
        Csrf csrf = new Csrf(KEY);
        String token = csrf.token(req().build());

        assertNull(csrf.refusal(req().build(), token));
        assertNull(csrf.refusal(req().header("Origin", "https://connector.example.com:8443").build(), token));
        assertNotNull(csrf.refusal(req().build(), token.substring(1)));
        assertNotNull(csrf.refusal(req().build(), null));
    }

    @Test
    void theUserComesFromTheConsoleOrTheBasicHeader() {
        FakeHttp.Req basic = req();
        basic.remoteUser = null;
        basic.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("admin:s3cr:et".getBytes(StandardCharsets.UTF_8)));
        FakeHttp.Req none = req();
        none.remoteUser = null;

        assertEquals("admin", Csrf.user(req().build()));
        assertEquals("admin", Csrf.user(basic.build()));
        assertEquals("", Csrf.user(none.header("Authorization", "Basic !!!").build()));
    }

    @Test
    void originsOfThisHostPass() {
        assertNull(Csrf.foreignOrigin(req().build()), "neither header: the token decides");
        assertNull(Csrf.foreignOrigin(req().header("Origin", "https://CONNECTOR.example.com:8443").build()));
        assertNull(Csrf.foreignOrigin(req().header("Referer", "https://connector.example.com:8443/system/console/rms")
                .build()));
        assertNull(Csrf.foreignOrigin(req().header("Host", "connector.example.com")
                .header("Origin", "https://connector.example.com").build()), "default port on both sides");
    }

    @Test
    void otherOriginsAreRefused() {
        assertTrue(Csrf.foreignOrigin(req().header("Origin", "https://evil.example.net").build())
                .contains("evil.example.net"));
        assertNotNull(Csrf.foreignOrigin(req().header("Origin", "https://connector.example.com:9443").build()));
        assertNotNull(Csrf.foreignOrigin(req().header("Origin", "null").build()));
        assertNotNull(Csrf.foreignOrigin(req().header("Referer", "not a url").build()));
        assertNotNull(Csrf.foreignOrigin(req().header("Origin", "https://connector.example.com.evil.net:8443")
                .build()));
        assertNotNull(Csrf.foreignOrigin(req().header("Origin", "https://evil.example.net")
                .header("Referer", "https://connector.example.com:8443/").build()), "the Origin wins");
    }

    @Test
    void signaturesBindTheValuesAndTheUser() {
        Csrf csrf = new Csrf(KEY);
        String sig = csrf.sign(req().build(), "ok", "Added");
        FakeHttp.Req other = req();
        other.remoteUser = "operator";

        assertTrue(csrf.verify(req().build(), sig, "ok", "Added"));
        assertTrue(!csrf.verify(req().build(), sig, "ok", "Added!"));
        assertTrue(!csrf.verify(req().build(), sig, "okA", "dded"));
        assertTrue(!csrf.verify(other.build(), sig, "ok", "Added"));
        assertTrue(!csrf.verify(req().build(), csrf.token(req().build()), "ok", "Added"));
    }
}
