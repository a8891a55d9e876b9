package org.rmsconnector.relay.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rmsconnector.api.auth.Authenticator;
import org.rmsconnector.api.auth.AuthorizationService;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.transport.CloudTransport;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;

/** The services the pipeline needs, as they are at the moment of the call: any of them may come and go at run time. */
interface RelayServices {

    List<Authenticator> authenticators();

    Optional<AuthorizationService> authorization();

    Optional<WorkloadAdapter> adapter(Workload workload);

    Optional<CloudTransport> transport();

    void event(ConnectorEvent event, String message, Map<String, Object> properties);

    /** The wire trace in force ({@link WireTrace#OFF} unless configured). */
    default WireTrace trace() {
        return WireTrace.OFF;
    }
}
