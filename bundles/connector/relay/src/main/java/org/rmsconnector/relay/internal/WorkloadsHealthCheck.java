package org.rmsconnector.relay.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;

/**
 * Which workloads this node serves. A node serving none is still up (WARN, the load balancer keeps it), because
 * an administrator may have disabled them on purpose; a node serving some names the missing ones.
 */
@Component
@HealthCheckService(name = "RMS workloads", tags = {"rms"})
public class WorkloadsHealthCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<WorkloadAdapter> adapters;

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        Set<String> served = new TreeSet<>();
        for (WorkloadAdapter adapter : adapters) {
            served.add(adapter.workload().id());
        }
        for (Workload w : Workload.values()) {
            if (served.contains(w.id())) {
                log.info("{} is served", w.id());
            } else if (served.isEmpty()) {
                log.warn("{} is not served: no adapter deployed or enabled", w.id());
            } else {
                log.info("{} is not served on this node", w.id());
            }
        }
        return new Result(log);
    }
}
