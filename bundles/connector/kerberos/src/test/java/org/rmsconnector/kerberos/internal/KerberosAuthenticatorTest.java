package org.rmsconnector.kerberos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.auth.AuthenticationException;
import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.testing.Configs;

/** What needs no KDC: an unconfigured or misconfigured node, and requests that carry no ticket. */
class KerberosAuthenticatorTest {

    private static Credentials negotiate(String token) {
        return new Credentials(List.of(), Map.of("authorization", List.of("Negotiate " + token)), "10.0.0.7", true);
    }

    @Test
    void withoutConfigurationNoSchemeIsOfferedAndATicketIsRefusedSayingSo() {
        KerberosAuthenticator kerberos = new KerberosAuthenticator(Configs.defaults(KerberosConfiguration.class));
        assertEquals(Optional.empty(), kerberos.challenge());
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(negotiate("YIIB")));
        assertTrue(e.getMessage().contains("not configured"), e.getMessage());
    }

    @Test
    void aMissingKeytabIsNamed(@TempDir Path dir) {
        KerberosAuthenticator kerberos = new KerberosAuthenticator(Configs.of(KerberosConfiguration.class,
                Map.of("principal", "HTTP/rms.contoso.com@CONTOSO.COM", "keytab.path", dir.resolve("none.keytab")
                        .toString())));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(negotiate("YIIB")));
        assertTrue(e.getMessage().contains("none.keytab"), e.getMessage());
    }

    @Test
    void aKeytabWithoutTheServicesKeysIsNamed(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("empty.keytab"), new byte[] {5, 2}); // a keytab with no entry
        KerberosAuthenticator kerberos = new KerberosAuthenticator(Configs.of(KerberosConfiguration.class,
                Map.of("principal", "HTTP/rms.contoso.com@CONTOSO.COM", "keytab.path", empty.toString())));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(negotiate("YIIB")));
        assertTrue(e.getMessage().contains("holds no key for HTTP/rms.contoso.com@CONTOSO.COM"), e.getMessage());
    }

    @Test
    void aRequestWithoutNegotiateIsNotThisAuthenticatorsKind() throws Exception {
        KerberosAuthenticator kerberos = new KerberosAuthenticator(Configs.defaults(KerberosConfiguration.class));
        assertEquals(Optional.empty(), kerberos.authenticate(new Credentials(List.of(), Map.of(), "10.0.0.7",
                true)));
    }
}
