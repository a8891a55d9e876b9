package org.rmsconnector.fci.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Connector - FCI workload",
        description = "The rules for file servers that protect with File Classification Infrastructure (Office "
                + "documents, by template). PID org.rmsconnector.workload.fci; changes apply at once, and "
                + "disabling survives a restart.")
@interface FciConfiguration {

    @AttributeDefinition(name = "Enabled",
            description = "Serve the FCI workload on this node. When off, FCI requests get 503 workload_unavailable; "
                    + "the other workloads are unaffected.")
    boolean enabled() default true;
}
