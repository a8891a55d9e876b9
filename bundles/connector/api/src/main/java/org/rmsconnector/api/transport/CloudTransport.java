package org.rmsconnector.api.transport;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Forwards calls to the cloud service over one pooled, authenticated channel. Provided once, by the transport
 * bundle. Non-blocking: the stage completes on the transport's threads.
 */
@ProviderType
public interface CloudTransport {

    /**
     * @return a stage completing with the cloud's answer (any HTTP status), or exceptionally with
     *         {@link CloudUnavailableException} when the cloud could not be reached
     */
    CompletionStage<CloudResponse> forward(CloudRequest request);
}
