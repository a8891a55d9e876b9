package org.rmsconnector.protocol;

import org.rmsconnector.protocol.jose.Json;

/**
 * The answer to a {@link PublishRequest}: the signed publishing license.
 *
 * @param publishingLicense compact {@link PublishingLicense}
 */
public record PublishResponse(String publishingLicense) {

    /** Validates the fields. */
    public PublishResponse {
        Wire.requireJws(publishingLicense, "publishingLicense");
    }

    /** JSON form. */
    public String toJson() {
        return Json.object().put("publishingLicense", publishingLicense).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static PublishResponse fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "PublishResponse", f -> new PublishResponse(f.compactJws("publishingLicense")));
    }
}
