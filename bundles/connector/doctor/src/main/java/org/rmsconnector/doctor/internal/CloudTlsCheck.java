package org.rmsconnector.doctor.internal;

import java.util.Set;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;

/**
 * Whether the connection to the cloud uses TLS 1.2 or newer: probes it and reads the version the connection
 * negotiated. The transport offers only TLS 1.3 and 1.2, so anything else means something in between answered.
 */
@Component
@HealthCheckService(name = "RMS cloud TLS version", tags = {"doctor"})
public class CloudTlsCheck implements HealthCheck {

    public static final Set<String> ACCEPTED = Set.of("TLSv1.3", "TLSv1.2");

    private final CloudConnection connection;

    @Activate
    public CloudTlsCheck(@Reference(name = "connection", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) CloudConnection connection) {
        this.connection = connection;
    }

    @Override
    public Result execute() {
        return connection == null ? Findings.noTransport() : evaluate(connection.probe());
    }

    /** The finding for what the probe or the cloud said (public for the transport's integration tests). */
    public static Result evaluate(CloudStatus s) {
        String tls = s.tlsProtocol();
        if (tls == null) {
            return Findings.of(Result.Status.TEMPORARILY_UNAVAILABLE, "cannot tell which TLS version the cloud"
                    + " negotiates: no answer came over TLS" + (s.problem() == null ? "" : " (" + s.problem() + ")")
                    + ". Fix: make the cloud reachable first (see 'RMS cloud reachable')");
        }
        if (ACCEPTED.contains(tls)) {
            return Findings.of(Result.Status.OK, tls + " negotiated with the cloud at " + s.serviceUrl());
        }
        return Findings.of(Result.Status.CRITICAL, "the connection to the cloud negotiated " + tls + ", older than"
                + " TLS 1.2. Fix: enable TLS 1.2 or 1.3 on the cloud service, or on the TLS-inspecting proxy between"
                + " this node and " + s.serviceUrl());
    }
}
