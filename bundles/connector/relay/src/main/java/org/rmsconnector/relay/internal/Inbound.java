package org.rmsconnector.relay.internal;

import java.util.Optional;

import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;

/**
 * A request as the pipeline sees it, already read and bounded by the servlet.
 *
 * @param declaredWorkload the workload the client says it is ({@code X-RMS-Workload}); authorization has the last word
 * @param contentType      the {@code Content-Type} the client declared for {@code body}, or {@code null}
 */
record Inbound(String requestId, Operation operation, Optional<Workload> declaredWorkload, Credentials credentials,
        String contentType, byte[] body) {
}
