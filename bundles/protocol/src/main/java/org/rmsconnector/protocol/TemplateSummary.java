package org.rmsconnector.protocol;

import java.util.Map;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/**
 * A rights policy template as listed to clients.
 *
 * @param id              template id (what a {@link Policy.Template} names)
 * @param name            display name
 * @param description     description, or null
 * @param hash            hash of the template's definition, so clients can cache it
 * @param forApplications published "for applications that do not support user identity":
 *                        the only templates FCI and Exchange transport rules may use
 */
public record TemplateSummary(String id, String name, String description, String hash, boolean forApplications) {

    /** Validates the fields. */
    public TemplateSummary {
        Wire.requireText(id, "id");
        Wire.requireText(name, "name");
        Wire.requireText(hash, "hash");
        if (description != null && description.isBlank()) {
            description = null;
        }
    }

    /** A template not published for applications. */
    public TemplateSummary(String id, String name, String description, String hash) {
        this(id, name, description, hash, false);
    }

    /** JSON form. */
    public String toJson() {
        return Json.toJson(toMap());
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static TemplateSummary fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "TemplateSummary", TemplateSummary::fromFields);
    }

    Map<String, Object> toMap() {
        return Json.object()
                .put("id", id)
                .put("name", name)
                .put("description", description)
                .put("hash", hash)
                .put("forApplications", forApplications)
                .map();
    }

    static TemplateSummary fromFields(Fields f) throws ProtocolException {
        return new TemplateSummary(f.string("id"), f.string("name"), f.optString("description"), f.string("hash"),
                f.optBoolean("forApplications", false));
    }
}
