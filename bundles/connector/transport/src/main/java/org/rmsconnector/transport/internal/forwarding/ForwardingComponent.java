package org.rmsconnector.transport.internal.forwarding;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudTransport;
import org.rmsconnector.transport.internal.CloudChannel;
import org.rmsconnector.transport.internal.Threads;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;

/**
 * Every call the relay forwards ({@link CloudTransport}), through {@link HttpCloudTransport} on the shared
 * {@link CloudChannel}, with the credentials {@link ConnectorIdentity} holds and the channel session
 * {@link ChannelSessionKeeper} keeps open. Owns the call threads: at most {@link #CALL_THREADS}, named
 * {@code rms-cloud-call-N}, started as calls come and ended when idle for a minute or when this component stops.
 * None of them waits for the cloud (the HTTP client's selector does), so a few serve any number of calls in flight.
 */
@Component(service = CloudTransport.class)
public final class ForwardingComponent implements CloudTransport {

    /** Threads that start attempts and handle answers; calls in flight hold none. */
    public static final int CALL_THREADS = 4;

    private final ThreadPoolExecutor calls;
    private final ChannelSessionKeeper sessions;
    private final HttpCloudTransport transport;

    @Activate
    public ForwardingComponent(@Reference CloudChannel channel, @Reference ConnectorIdentity identity) {
        this.calls = new ThreadPoolExecutor(CALL_THREADS, CALL_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Threads.daemon("rms-cloud-call"));
        this.calls.allowCoreThreadTimeOut(true);
        this.sessions = new ChannelSessionKeeper(channel.http(), identity::current,
                channel.settings().requestTimeout(), channel.clock(), channel.scheduler(), calls);
        this.transport = new HttpCloudTransport(channel.http(), identity::current, sessions, channel.breaker(),
                HttpCloudTransport.Limits.of(channel.settings()),
                new HttpCloudTransport.Workers(channel.scheduler(), calls), channel.clock(), System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble(), channel.contact());
    }

    @Deactivate
    public void stop() throws InterruptedException {
        sessions.stop();
        Threads.shutdown(calls, java.time.Duration.ofSeconds(5));
    }

    @Override
    public CompletionStage<CloudResponse> forward(CloudRequest request) {
        return transport.forward(request);
    }
}
