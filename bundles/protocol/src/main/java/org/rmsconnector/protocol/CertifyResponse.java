package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.List;
import org.rmsconnector.protocol.jose.Json;

/**
 * The answer to a {@link CertifyRequest}: the server certificate and the licensor chain, the
 * tenant public key(s) that licenses are verified with.
 *
 * @param certificate   compact {@link ServerCertificate}
 * @param licensorChain tenant public keys; the first signed the certificate, others are
 *                      older or upcoming tenant keys still to be trusted (key roll-over)
 * @param licenseSigningKey the tenant's EC license signing key endorsed by a licensor-chain key
 *                      (compact {@link LicenseSigningKey}), when the tenant signs use licenses with
 *                      ES256; null (absent on the wire) when it signs them with its RSA key
 */
public record CertifyResponse(String certificate, List<PublicJwk> licensorChain, String licenseSigningKey) {

    /** Longest licensor chain accepted. */
    public static final int MAX_CHAIN = 8;

    /** Validates the fields. */
    public CertifyResponse {
        Wire.requireJws(certificate, "certificate");
        licensorChain = Wire.listOf(licensorChain, "licensorChain", 1, MAX_CHAIN);
        if (licenseSigningKey != null) {
            Wire.requireJws(licenseSigningKey, "licenseSigningKey");
        }
    }

    /** An answer of a tenant that signs use licenses with its RSA key. */
    public CertifyResponse(String certificate, List<PublicJwk> licensorChain) {
        this(certificate, licensorChain, null);
    }

    /** The key that signed the certificate: the chain's first entry. */
    public PublicJwk tenantKey() {
        return licensorChain.get(0);
    }

    /** JSON form. */
    public String toJson() {
        List<Object> chain = new ArrayList<>();
        for (PublicJwk k : licensorChain) {
            chain.add(k.toMap());
        }
        return Json.object().put("certificate", certificate).put("licensorChain", chain)
                .put("licenseSigningKey", licenseSigningKey).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static CertifyResponse fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "CertifyResponse", f -> new CertifyResponse(f.compactJws("certificate"),
                Wire.list(f, "licensorChain", 1, MAX_CHAIN, PublicJwk::fromFields),
                f.has("licenseSigningKey") ? f.compactJws("licenseSigningKey") : null));
    }
}
