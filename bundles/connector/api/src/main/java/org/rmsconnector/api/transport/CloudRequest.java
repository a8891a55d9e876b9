package org.rmsconnector.api.transport;

import java.util.Objects;

import org.rmsconnector.api.workload.Operation;

/**
 * One call to forward to the cloud service.
 *
 * @param requestId the relay's request id, sent along as the correlation id
 * @param operation the operation; its {@link Operation#idempotent()} flag decides whether a retry is allowed
 * @param body the JSON body
 * @param actor on whose behalf the call is made
 */
public record CloudRequest(String requestId, Operation operation, byte[] body, ActorContext actor) {
    public CloudRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(actor, "actor");
    }
}
