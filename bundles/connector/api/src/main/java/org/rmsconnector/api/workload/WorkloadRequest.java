package org.rmsconnector.api.workload;

import java.util.Objects;

import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.Caller;

/**
 * One authenticated, authorized request handed to a workload adapter.
 *
 * @param requestId the id the relay gave the request; it is in every log line and forwarded to the cloud
 * @param operation what the caller asks for
 * @param caller who is calling
 * @param authorization the entry that let the caller in, and its role
 * @param body the request body as received (bounded by the relay's size limit)
 */
public record WorkloadRequest(String requestId, Operation operation, Caller caller, Authorization authorization,
        byte[] body) {

    public WorkloadRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(body, "body");
    }
}
