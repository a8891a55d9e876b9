package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DerTest {
    private static final byte[] UPN_OID = TestCertificates.tlv(0x06, HexFormat.of().parseHex("2b060104018237140203"));

    private static byte[] otherName(int outerTag, byte[] oid, byte[] value) {
        return TestCertificates.tlv(outerTag, TestCertificates.concat(oid, TestCertificates.tlv(0xA0, value)));
    }

    private static byte[] utf8(String s) {
        return TestCertificates.tlv(0x0C, s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAUserPrincipalName() {
        byte[] der = otherName(0x30, UPN_OID, utf8("jürgen@contoso.com"));
        assertEquals(Optional.of("jürgen@contoso.com"), Der.otherNameUtf8(der, CertificateAccounts.UPN_OID));
    }

    @Test
    void readsTheValueTheJdkWrapsTwice() {
        // what X509Certificate.getSubjectAlternativeNames() returns on JDK 17 for a correctly encoded UPN
        byte[] der = HexFormat.of().parseHex(
                "3023060a2b060104018237140203a015a0130c11616c69636540636f6e746f736f2e636f6d");
        assertEquals(Optional.of("alice@contoso.com"), Der.otherNameUtf8(der, CertificateAccounts.UPN_OID));
    }

    @Test
    void acceptsTheImplicitGeneralNameTag() {
        byte[] der = otherName(0xA0, UPN_OID, utf8("alice@contoso.com"));
        assertEquals(Optional.of("alice@contoso.com"), Der.otherNameUtf8(der, CertificateAccounts.UPN_OID));
    }

    @Test
    void readsLongForms() {
        String longName = "a".repeat(300) + "@contoso.com";
        byte[] der = otherName(0x30, UPN_OID, utf8(longName));
        assertEquals(Optional.of(longName), Der.otherNameUtf8(der, CertificateAccounts.UPN_OID));
    }

    @Test
    void anotherTypeOfOtherNameIsNoUpn() {
        byte[] otherOid = TestCertificates.tlv(0x06, HexFormat.of().parseHex("2b0601040182371901"));
        assertEquals(Optional.empty(), Der.otherNameUtf8(otherName(0x30, otherOid, utf8("x")),
                CertificateAccounts.UPN_OID));
    }

    @Test
    void aValueThatIsNotUtf8StringIsNoUpn() {
        byte[] ia5 = TestCertificates.tlv(0x16, "alice@contoso.com".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Optional.empty(), Der.otherNameUtf8(otherName(0x30, UPN_OID, ia5), CertificateAccounts.UPN_OID));
    }

    @Test
    void truncatedOrGarbageInputIsNoUpnNotAnError() {
        byte[] der = otherName(0x30, UPN_OID, utf8("alice@contoso.com"));
        for (int n = 0; n < der.length; n++) {
            assertEquals(Optional.empty(), Der.otherNameUtf8(Arrays.copyOf(der, n), CertificateAccounts.UPN_OID),
                    "prefix of " + n + " bytes");
        }
        assertEquals(Optional.empty(), Der.otherNameUtf8(new byte[] {0x30, (byte) 0x84, 1, 2, 3, 4},
                CertificateAccounts.UPN_OID));
    }

    @Test
    void oidsAreWrittenDotted() {
        assertEquals("1.3.6.1.4.1.311.20.2.3", Der.oidText(HexFormat.of().parseHex("2b060104018237140203")));
        assertEquals("2.5.29.17", Der.oidText(HexFormat.of().parseHex("551d11")));
    }
}
