package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.List;
import org.rmsconnector.protocol.jose.Json;

/**
 * The tenant's templates visible to the caller.
 *
 * @param templates possibly empty
 */
public record TemplateList(List<TemplateSummary> templates) {

    /** Most templates in one list. */
    public static final int MAX_TEMPLATES = 1000;

    /** Validates the fields. */
    public TemplateList {
        templates = Wire.listOf(templates, "templates", 0, MAX_TEMPLATES);
    }

    /** JSON form. */
    public String toJson() {
        List<Object> list = new ArrayList<>();
        for (TemplateSummary t : templates) {
            list.add(t.toMap());
        }
        return Json.object().put("templates", list).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static TemplateList fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "TemplateList",
                f -> new TemplateList(Wire.list(f, "templates", 0, MAX_TEMPLATES, TemplateSummary::fromFields)));
    }
}
