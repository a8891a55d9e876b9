package org.rmsconnector.transport.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudTransport;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.transport.internal.connection.CloudConnectionImpl;
import org.rmsconnector.transport.internal.forwarding.ForwardingComponent;
import org.rmsconnector.transport.internal.policy.PolicyComponent;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;

/**
 * The transport's components wired and started as DS would (each after what it references, each constructor then
 * its activate method), and stopped in the reverse order; offers their three services.
 */
public final class TransportNode implements CloudTransport, PolicySource, CloudConnection {

    final CloudChannel channel;
    final ConnectorIdentity identity;
    final ForwardingComponent forwarding;
    final PolicyComponent policy;
    final CloudConnectionImpl connection;

    public TransportNode(TransportSettings settings, Clock clock, EventAdmin events) {
        channel = new CloudChannel(settings, clock, events);
        identity = new ConnectorIdentity(channel);
        identity.start();
        forwarding = new ForwardingComponent(channel, identity);
        policy = new PolicyComponent(channel, identity);
        policy.start();
        connection = new CloudConnectionImpl(channel, identity, policy);
        connection.start();
    }

    public void deactivate() throws InterruptedException {
        forwarding.stop();
        policy.stop();
        identity.stop();
        channel.stop();
    }

    public CircuitBreaker breaker() {
        return channel.breaker();
    }

    public Optional<ConnectorCredentials> credentials() {
        return identity.current();
    }

    @Override
    public CompletionStage<CloudResponse> forward(CloudRequest request) {
        return forwarding.forward(request);
    }

    @Override
    public Optional<AuthorizationPolicy> current() {
        return policy.current();
    }

    @Override
    public CloudStatus status() {
        return connection.status();
    }

    @Override
    public CloudStatus probe() {
        return connection.probe();
    }

    @Override
    public void register(String user, char[] password, String connectorName) throws AdminException {
        connection.register(user, password, connectorName);
    }

    @Override
    public void authorize(AuthorizedServer entry) throws AdminException {
        connection.authorize(entry);
    }

    @Override
    public void revoke(String account, Workload role) throws AdminException {
        connection.revoke(account, role);
    }

    @Override
    public List<RegisteredConnector> connectors() throws AdminException {
        return connection.connectors();
    }
}
