package org.rmsconnector.protocol;

import java.util.List;
import org.rmsconnector.protocol.jose.Json;

/**
 * The answer to an {@link AcquirePreLicenseRequest}: one result per recipient, by index.
 *
 * @param results per-recipient outcomes, indices unique
 */
public record AcquirePreLicenseResponse(List<LicenseResult> results) {

    /** Validates the fields. */
    public AcquirePreLicenseResponse {
        results = Wire.listOf(results, "results", 0, AcquirePreLicenseRequest.MAX_RECIPIENTS);
        Wire.uniqueIndices(results);
    }

    /** JSON form. */
    public String toJson() {
        return Json.object().put("results", LicenseResult.toList(results)).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static AcquirePreLicenseResponse fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "AcquirePreLicenseResponse", f -> new AcquirePreLicenseResponse(
                Wire.list(f, "results", 0, AcquirePreLicenseRequest.MAX_RECIPIENTS, LicenseResult::fromFields)));
    }
}
