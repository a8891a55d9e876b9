package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/**
 * The outcome for one item of a license batch: a use license or an error, never both.
 *
 * @param index      position of the item (or recipient) in the request
 * @param useLicense compact {@link UseLicense}, or null on failure
 * @param error      why it failed, or null on success
 */
public record LicenseResult(int index, String useLicense, ErrorDetail error) {

    /** Validates the fields. */
    public LicenseResult {
        if (index < 0) {
            throw new IllegalArgumentException("index: must not be negative");
        }
        if ((useLicense == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of useLicense or error is required");
        }
        if (useLicense != null) {
            Wire.requireJws(useLicense, "useLicense");
        }
    }

    /** A success. */
    public static LicenseResult success(int index, String useLicense) {
        return new LicenseResult(index, useLicense, null);
    }

    /** A failure. */
    public static LicenseResult failure(int index, String code, String message) {
        return new LicenseResult(index, null, new ErrorDetail(code, message));
    }

    /** Whether a license was issued. */
    public boolean isSuccess() {
        return useLicense != null;
    }

    Map<String, Object> toMap() {
        return Json.object()
                .put("index", index)
                .put("useLicense", useLicense)
                .put("error", error == null ? null : error.toMap())
                .map();
    }

    static LicenseResult fromFields(Fields f) throws ProtocolException {
        String ul = f.has("useLicense") ? f.compactJws("useLicense") : null;
        ErrorDetail e = f.has("error") ? Wire.read(f.object("error"), ErrorDetail::fromFields) : null;
        return new LicenseResult(f.integer("index", 0, Integer.MAX_VALUE), ul, e);
    }

    static List<Object> toList(List<LicenseResult> results) {
        List<Object> list = new ArrayList<>();
        for (LicenseResult r : results) {
            list.add(r.toMap());
        }
        return list;
    }
}
