package org.rmsconnector.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClientException;

/** What needs no KDC; the real logins and tickets are tested against a Samba DC in rms-kerberos and the itests. */
class SpnegoTokensTest {

    @Test
    void theServerIsCertifiedAsTheAccountTheConnectorNamesIt() {
        assertEquals("EXCH01$", SpnegoTokens.account("EXCH01$@CONTOSO.COM"));
        assertEquals("EXCH01$", SpnegoTokens.account("exch01$@CONTOSO.COM"));
        assertEquals("FS01$", SpnegoTokens.account("host/fs01.contoso.com@CONTOSO.COM"));
        assertEquals("svc-sp@contoso.com", SpnegoTokens.account("svc-sp@CONTOSO.COM"));
    }

    @Test
    void aKeytabNeedsItsPrincipal() {
        assertThrows(IllegalArgumentException.class, () -> new ClientConfig.Kerberos(null, Path.of("k.keytab"), null));
    }

    @Test
    void aLoginFromAKeytabWithoutTheKeysSaysFromWhatItFailed(@TempDir Path dir) throws Exception {
        Path keytab = Files.write(dir.resolve("empty.keytab"), new byte[] {5, 2});
        SpnegoTokens tokens = new SpnegoTokens(new ClientConfig.Kerberos("SP01$@CONTOSO.COM", keytab, null),
                "rms.contoso.com");
        RmsClientException e = assertThrows(RmsClientException.class, tokens::next);
        assertEquals(RmsClientException.UNAUTHENTICATED, e.code());
        assertTrue(e.getMessage().startsWith("Kerberos login from the keytab " + keytab + " as SP01$@CONTOSO.COM"),
                e.getMessage());
    }
}
