package org.rmsconnector.transport.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudTransport;

/**
 * Every call the relay forwards ({@link CloudTransport}), through {@link HttpCloudTransport} on the shared
 * {@link CloudChannel}, with the credentials {@link ConnectorIdentity} holds.
 */
@Component(service = CloudTransport.class)
public final class ForwardingComponent implements CloudTransport {

    private final HttpCloudTransport transport;

    @Activate
    public ForwardingComponent(@Reference CloudChannel channel, @Reference ConnectorIdentity identity) {
        this.transport = new HttpCloudTransport(channel.http(), identity::current, channel.breaker(),
                HttpCloudTransport.Limits.of(channel.settings()), channel.scheduler(), channel.clock(),
                System::nanoTime, () -> ThreadLocalRandom.current().nextDouble(), channel.contact());
    }

    @Override
    public CompletionStage<CloudResponse> forward(CloudRequest request) {
        return transport.forward(request);
    }
}
