package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/**
 * A request for pre-licenses: use licenses for recipients other than the requester (Exchange
 * attaches them to mail so recipients open it without another round trip), each wrapped to
 * that recipient's key.
 *
 * @param serverCertificate compact {@link ServerCertificate} of the requester (the service
 *                          checks it may pre-license)
 * @param publishingLicense compact {@link PublishingLicense} of the content
 * @param recipients        1..{@value #MAX_RECIPIENTS} recipients
 */
public record AcquirePreLicenseRequest(String serverCertificate, String publishingLicense,
        List<Recipient> recipients) {

    /** Most recipients in one request. */
    public static final int MAX_RECIPIENTS = 100;

    /**
     * One recipient.
     *
     * @param identity  whose rights to evaluate (email/UPN)
     * @param publicKey the key to wrap the content key to
     */
    public record Recipient(String identity, PublicJwk publicKey) {

        /** Validates the fields. */
        public Recipient {
            Wire.requireText(identity, "identity");
            Objects.requireNonNull(publicKey, "publicKey: missing");
        }

        static Recipient fromFields(Fields f) throws ProtocolException {
            return new Recipient(f.string("identity"), PublicJwk.fromFields(f.object("publicKey")));
        }
    }

    /** Validates the fields. */
    public AcquirePreLicenseRequest {
        Wire.requireJws(serverCertificate, "serverCertificate");
        Wire.requireJws(publishingLicense, "publishingLicense");
        recipients = Wire.listOf(recipients, "recipients", 1, MAX_RECIPIENTS);
    }

    /** JSON form. */
    public String toJson() {
        List<Object> list = new ArrayList<>();
        for (Recipient r : recipients) {
            list.add(Json.object().put("identity", r.identity()).put("publicKey", r.publicKey().toMap()).map());
        }
        return Json.object()
                .put("serverCertificate", serverCertificate)
                .put("publishingLicense", publishingLicense)
                .put("recipients", list)
                .toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static AcquirePreLicenseRequest fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "AcquirePreLicenseRequest", f -> new AcquirePreLicenseRequest(
                f.compactJws("serverCertificate"), f.compactJws("publishingLicense"),
                Wire.list(f, "recipients", 1, MAX_RECIPIENTS, Recipient::fromFields)));
    }
}
