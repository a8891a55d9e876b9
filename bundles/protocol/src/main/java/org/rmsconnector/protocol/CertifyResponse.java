package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.List;
import org.rmsconnector.protocol.internal.Json;

/**
 * The answer to a {@link CertifyRequest}: the server certificate and the licensor chain, the
 * tenant public key(s) that licenses are verified with.
 *
 * @param certificate   compact {@link ServerCertificate}
 * @param licensorChain tenant public keys; the first signed the certificate, others are
 *                      older or upcoming tenant keys still to be trusted (key roll-over)
 */
public record CertifyResponse(String certificate, List<PublicJwk> licensorChain) {

    /** Longest licensor chain accepted. */
    public static final int MAX_CHAIN = 8;

    /** Validates the fields. */
    public CertifyResponse {
        Wire.requireJws(certificate, "certificate");
        licensorChain = Wire.listOf(licensorChain, "licensorChain", 1, MAX_CHAIN);
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
        return Json.object().put("certificate", certificate).put("licensorChain", chain).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static CertifyResponse fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "CertifyResponse", f -> new CertifyResponse(f.compactJws("certificate"),
                Wire.list(f, "licensorChain", 1, MAX_CHAIN, PublicJwk::fromFields)));
    }
}
