package org.rmsconnector.rmsctl.adminclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Host name matching as HTTPS clients do it, and the query encoding. */
class CertificateNamesTest {

    @Test
    void aWildcardCoversExactlyOneLeftMostLabel() {
        assertTrue(CertificateNames.nameMatches("*.contoso.com", "rms.contoso.com"));
        assertTrue(CertificateNames.nameMatches("*.Contoso.com", "RMS.contoso.COM."));
        assertFalse(CertificateNames.nameMatches("*.contoso.com", "contoso.com"));
        assertFalse(CertificateNames.nameMatches("*.contoso.com", "a.rms.contoso.com"));
        assertFalse(CertificateNames.nameMatches("*.com", "contoso.com"));
        assertTrue(CertificateNames.nameMatches("rms.contoso.com", "RMS.CONTOSO.COM"));
        assertFalse(CertificateNames.nameMatches("rms.contoso.com", "rms2.contoso.com"));
    }

    @Test
    void queryComponentsArePercentEncodedWithoutPlus() {
        assertEquals("a%20b%2Bc%26d%3De%5C%24", Query.component("a b+c&d=e\\$"));
        assertEquals("x=1&y=%C3%A9", Query.encode(new java.util.TreeMap<>(java.util.Map.of("x", 1, "y", "\u00e9"))));
    }
}
