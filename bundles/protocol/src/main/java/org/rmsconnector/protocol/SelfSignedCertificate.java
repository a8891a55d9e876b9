package org.rmsconnector.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A minimal self-signed X.509 v1 certificate (SHA256withRSA), written in DER by hand. A Java key store keeps a
 * private key only together with a certificate, so the tenant key (cloud), the connector's key (transport) and a
 * client's holder key (client) each need one; nothing else reads it — the protocol identifies keys by their JWK
 * thumbprint, not by certificates — so no X.509 library is worth a dependency. The signature is made with whatever
 * {@link PrivateKey} is given, so it works for keys in an HSM as well.
 */
public final class SelfSignedCertificate {

    /** The latest time RFC 5280 lets a certificate say: "no well-defined expiration date". */
    public static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    // 1.2.840.113549.1.1.11 sha256WithRSAEncryption, with NULL parameters
    private static final byte[] SHA256_WITH_RSA = der(0x30, concat(
            hex("06092A864886F70D01010B"), hex("0500")));
    // 2.5.4.3 commonName
    private static final byte[] COMMON_NAME = hex("0603550403");
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {
    }

    /**
     * A certificate for {@code publicKey} with subject and issuer {@code CN=commonName}, signed by
     * {@code privateKey}, valid from {@code notBefore} to {@code notAfter} ({@link #NO_EXPIRY} for none).
     */
    public static X509Certificate create(String commonName, PublicKey publicKey, PrivateKey privateKey, Instant notBefore,
            Instant notAfter) throws GeneralSecurityException {
        byte[] name = der(0x30, der(0x31, der(0x30, concat(COMMON_NAME,
                der(0x0C, commonName.getBytes(StandardCharsets.UTF_8))))));
        byte[] serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE).toByteArray();
        byte[] tbs = der(0x30, concat(
                der(0x02, serial),
                SHA256_WITH_RSA,
                name,
                der(0x30, concat(time(notBefore), time(notAfter))),
                name,
                publicKey.getEncoded())); // SubjectPublicKeyInfo, already DER
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(privateKey);
        s.update(tbs);
        byte[] signature = s.sign();
        byte[] bitString = der(0x03, concat(new byte[] {0}, signature));
        byte[] cert = der(0x30, concat(tbs, SHA256_WITH_RSA, bitString));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert));
    }

    // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050
    private static byte[] time(Instant t) {
        int year = t.atZone(ZoneOffset.UTC).getYear();
        if (year < 2050) {
            return der(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
        }
        return der(0x18, GENERALIZED_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            byte[] l = BigInteger.valueOf(len).toByteArray();
            int skip = l[0] == 0 ? 1 : 0;
            out.write(0x80 | (l.length - skip));
            out.write(l, skip, l.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
