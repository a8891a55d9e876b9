package org.rmsconnector.protocol;

import java.util.Objects;
import org.rmsconnector.protocol.jose.Json;

/**
 * A request to certify a public key for an identity. The service certifies only what the
 * authenticated caller may claim; the identity here is a request, not a proof.
 *
 * @param publicKey the key to certify
 * @param identity  the requested identity: account, {@code HOST$} or group name
 */
public record CertifyRequest(PublicJwk publicKey, String identity) {

    /** Validates the fields. */
    public CertifyRequest {
        Objects.requireNonNull(publicKey, "publicKey: missing");
        Wire.requireText(identity, "identity");
    }

    /** JSON form. */
    public String toJson() {
        return Json.object().put("publicKey", publicKey.toMap()).put("identity", identity).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static CertifyRequest fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "CertifyRequest",
                f -> new CertifyRequest(PublicJwk.fromFields(f.object("publicKey")), f.string("identity")));
    }
}
