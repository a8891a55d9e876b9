package org.rmsconnector.protocol;

import java.util.Objects;
import org.rmsconnector.protocol.jose.Json;

/**
 * A request to publish: the client's draft, whose content key is already wrapped to the
 * tenant key.
 *
 * @param draft what to sign
 */
public record PublishRequest(PublishingLicense.Draft draft) {

    /** Validates the fields. */
    public PublishRequest {
        Objects.requireNonNull(draft, "draft: missing");
    }

    /** JSON form. */
    public String toJson() {
        return Json.object().put("draft", draft.toMap()).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static PublishRequest fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "PublishRequest",
                f -> new PublishRequest(Wire.read(f.object("draft"), PublishingLicense.Draft::fromFields)));
    }
}
