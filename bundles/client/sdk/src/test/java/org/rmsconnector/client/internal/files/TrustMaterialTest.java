package org.rmsconnector.client.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.TestPki;

/** The trust material the SDK and rmsctl share: what it reads, and how it names what it cannot. */
class TrustMaterialTest {

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
    }

    @Test
    void aTrustStoreAndPemAndPkcs12CertificateFilesAllCount() throws Exception {
        KeyStore anchors = TrustMaterial.anchors(pki.keyStore("localhost"),
                List.of(pki.pem("other"), pki.keyStore("other")), TestPki.PASSWORD, "password");
        assertEquals(List.of("CN=localhost", "CN=other.example", "CN=other.example"), subjects(anchors));
    }

    @Test
    void aWrongPasswordIsNamedAsTheCallerSaysWithTheFile() {
        TrustMaterial.Unreadable e = assertThrows(TrustMaterial.Unreadable.class, () -> TrustMaterial.anchors(
                pki.keyStore("localhost"), List.of(), "wrong".toCharArray(), "password (--pw-file)"));
        assertEquals("cannot open the trust store " + pki.keyStore("localhost")
                + ": wrong password (--pw-file), or not a key store", e.getMessage());
    }

    @Test
    void missingFilesAreNamed() {
        Path nope = dir.resolve("nope.pem");
        TrustMaterial.Unreadable cert = assertThrows(TrustMaterial.Unreadable.class,
                () -> TrustMaterial.anchors(null, List.of(nope), null, "password"));
        assertEquals("trust certificate " + nope + " does not exist", cert.getMessage());
        TrustMaterial.Unreadable store = assertThrows(TrustMaterial.Unreadable.class,
                () -> TrustMaterial.open(dir.resolve("nope.p12"), null, "client certificate", "password"));
        assertEquals("the client certificate " + dir.resolve("nope.p12") + " does not exist", store.getMessage());
    }

    @Test
    void aTrustStoreWithoutCertificatesIsRefused() throws Exception {
        Path empty = dir.resolve("empty.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (OutputStream out = Files.newOutputStream(empty)) {
            ks.store(out, TestPki.PASSWORD);
        }
        TrustMaterial.Unreadable e = assertThrows(TrustMaterial.Unreadable.class,
                () -> TrustMaterial.anchors(empty, List.of(), TestPki.PASSWORD, "password"));
        assertTrue(e.getMessage().contains("no certificate to trust"), e.getMessage());
    }

    private static List<String> subjects(KeyStore ks) throws Exception {
        List<String> out = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            out.add(((X509Certificate) ks.getCertificate(alias)).getSubjectX500Principal().getName());
        }
        Collections.sort(out);
        return out;
    }
}
