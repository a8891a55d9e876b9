package org.rmsconnector.kerberos.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.auth.AuthenticationException;

class NegotiateHeaderTest {

    private static Map<String, List<String>> authorization(String... values) {
        return Map.of("authorization", List.of(values));
    }

    @Test
    void noHeaderOrAnotherSchemeIsNotKerberos() throws Exception {
        assertTrue(NegotiateHeader.token(Map.of()).isEmpty());
        assertTrue(NegotiateHeader.token(authorization("Basic YWxpY2U6c2VjcmV0")).isEmpty());
        assertTrue(NegotiateHeader.token(authorization("NegotiateX abc")).isEmpty());
    }

    @Test
    void theTokenIsDecodedWhateverTheSchemesCase() throws Exception {
        byte[] token = {0x60, 0x01, 0x02};
        String b64 = Base64.getEncoder().encodeToString(token);
        assertArrayEquals(token, NegotiateHeader.token(authorization("Negotiate " + b64)).orElseThrow());
        assertArrayEquals(token, NegotiateHeader.token(authorization("negotiate  " + b64)).orElseThrow());
    }

    @Test
    void anNtlmTokenIsRefusedSayingWhyWindowsSentIt() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> NegotiateHeader.token(authorization("Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==")));
        assertTrue(e.getMessage().startsWith("NTLM is not accepted, only Kerberos"), e.getMessage());
        assertTrue(e.getMessage().contains("SPN"), e.getMessage());
    }

    @Test
    void emptyGarbledOrDoubledTokensAreRefused() {
        assertTrue(assertThrows(AuthenticationException.class, () -> NegotiateHeader.token(authorization("Negotiate")))
                .getMessage().contains("no token"));
        assertTrue(assertThrows(AuthenticationException.class,
                () -> NegotiateHeader.token(authorization("Negotiate not*base64"))).getMessage().contains("base64"));
        assertTrue(assertThrows(AuthenticationException.class,
                () -> NegotiateHeader.token(authorization("Negotiate YQ==", "Negotiate Yg=="))).getMessage()
                .contains("two"));
    }
}
