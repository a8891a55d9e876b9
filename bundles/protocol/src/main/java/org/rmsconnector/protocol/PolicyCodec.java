package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/** JSON form of a {@link Policy}; package-private because interfaces cannot hide methods. */
final class PolicyCodec {

    private PolicyCodec() {
    }

    static Map<String, Object> toMap(Policy p) {
        if (p instanceof Policy.Template t) {
            return Json.object().put("template", t.templateId()).map();
        }
        List<Object> grants = new ArrayList<>();
        for (Grant g : ((Policy.AdHoc) p).grants()) {
            grants.add(g.toMap());
        }
        return Json.object().put("grants", grants).map();
    }

    static Policy fromFields(Fields f) throws ProtocolException {
        boolean t = f.has("template");
        boolean g = f.has("grants");
        if (t == g) {
            throw new ProtocolException(Reason.MALFORMED, f.path() + ": exactly one of 'template' or 'grants' is required");
        }
        if (t) {
            return new Policy.Template(f.string("template"));
        }
        List<Fields> items = f.objects("grants");
        if (items.isEmpty()) {
            throw f.malformed("grants", "must not be empty");
        }
        List<Grant> grants = new ArrayList<>();
        for (Fields i : items) {
            try {
                grants.add(Grant.fromFields(i));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(Reason.MALFORMED, i.path() + ": " + e.getMessage());
            }
        }
        return new Policy.AdHoc(grants);
    }
}
