package org.rmsconnector.client.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A minimal self-signed X.509 v1 certificate for a key pair.
 *
 * <p>Why it exists: a PKCS#12 key store keeps a private key only together with a certificate
 * chain, and the JDK has no public API to make one. The holder key is certified by the
 * tenant's JWS server certificate, not by X.509, so this certificate only carries the public
 * key inside the key store; nobody ever validates it. Writing the few DER structures needed
 * here avoids a dependency on a full ASN.1 library.
 */
final class SelfSignedCertificate {

    // sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters
    private static final byte[] SHA256_WITH_RSA = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};
    // id-at-commonName (2.5.4.3)
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    // RFC 5280 4.1.2.5: "no well-defined expiration date"
    private static final String NO_EXPIRY = "99991231235959Z";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {
    }

    /** A certificate for {@code keys} with subject and issuer {@code CN=commonName}, valid from {@code now}. */
    static X509Certificate create(KeyPair keys, String commonName, Instant now) throws GeneralSecurityException {
        byte[] name = seq(set(seq(COMMON_NAME, tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray();
        byte[] validity = seq(tlv(0x17, UTC_TIME.format(now).getBytes(StandardCharsets.US_ASCII)),
                tlv(0x18, NO_EXPIRY.getBytes(StandardCharsets.US_ASCII)));
        byte[] tbs = seq(tlv(0x02, serial), SHA256_WITH_RSA, name, validity, name, keys.getPublic().getEncoded());
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(keys.getPrivate());
        s.update(tbs);
        byte[] sig = s.sign();
        byte[] bits = new byte[sig.length + 1]; // leading 0: no unused bits
        System.arraycopy(sig, 0, bits, 1, sig.length);
        byte[] der = seq(tbs, SHA256_WITH_RSA, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
