package org.rmsconnector.api.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The cloud service's answer, passed back to the caller unchanged.
 *
 * @param status the HTTP status
 * @param contentType the content type, or {@code null}
 * @param body the body
 * @param cloudTime how long the cloud took, for the cloud-service-time metric
 */
public record CloudResponse(int status, String contentType, byte[] body, Duration cloudTime) {
    public CloudResponse {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(cloudTime, "cloudTime");
    }
}
