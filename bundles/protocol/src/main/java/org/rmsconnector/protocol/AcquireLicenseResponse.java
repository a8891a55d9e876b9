package org.rmsconnector.protocol;

import java.util.List;
import org.rmsconnector.protocol.jose.Json;

/**
 * The answer to an {@link AcquireLicenseRequest}: one result per item, by index.
 *
 * @param results per-item outcomes, indices unique
 */
public record AcquireLicenseResponse(List<LicenseResult> results) {

    /** Validates the fields. */
    public AcquireLicenseResponse {
        results = Wire.listOf(results, "results", 0, AcquireLicenseRequest.MAX_ITEMS);
        Wire.uniqueIndices(results);
    }

    /** JSON form. */
    public String toJson() {
        return Json.object().put("results", LicenseResult.toList(results)).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static AcquireLicenseResponse fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "AcquireLicenseResponse", f -> new AcquireLicenseResponse(
                Wire.list(f, "results", 0, AcquireLicenseRequest.MAX_ITEMS, LicenseResult::fromFields)));
    }
}
