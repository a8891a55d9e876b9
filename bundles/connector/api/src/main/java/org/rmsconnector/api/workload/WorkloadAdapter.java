package org.rmsconnector.api.workload;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The rules of one workload: which operations its role may call, how requests are validated and transformed. Each
 * workload bundle registers one adapter as an OSGi service with the {@value #WORKLOAD_PROPERTY} property set to
 * its {@link Workload#id()}; the relay finds adapters as services and never knows them at compile time.
 * <p>
 * An adapter does no I/O: the relay owns the HTTP side and the transport owns the cloud side.
 */
@ConsumerType
public interface WorkloadAdapter {

    /** Service property naming the workload an adapter serves, e.g. {@code rms.workload=exchange}. */
    String WORKLOAD_PROPERTY = "rms.workload";

    /** The workload this adapter serves. */
    Workload workload();

    /** The operations callers in this role may use; anything else is refused before the adapter is called. */
    Set<Operation> operations();

    /** Validate and transform one request. Must not block. */
    AdapterResult handle(WorkloadRequest request);
}
