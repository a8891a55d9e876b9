package org.rmsconnector.admin.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.workload.Workload;

/**
 * For the doctor, not the load balancer's probe: CRITICAL when there is no authorized-servers list or it is empty —
 * every on-premises server is then refused, which the reference product only reports as a warning event (2003).
 * Lists the entries per role when there are some. Tagged {@code doctor} only: an empty list is a configuration
 * problem of the whole tenant, and taking every node out of the load balancer would not fix it.
 */
@Component
@HealthCheckService(name = "RMS authorized servers", tags = {"doctor"})
public class AuthorizedListHealthCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PolicySource policies;

    @Override
    public Result execute() {
        return evaluate(policies);
    }

    static Result evaluate(PolicySource source) {
        FormattingResultLog log = new FormattingResultLog();
        Optional<AuthorizationPolicy> policy = source == null ? Optional.empty() : source.current();
        if (policy.isEmpty()) {
            log.critical("no authorized-servers list is in force on this node: every server is refused. Fix: check"
                    + " the connection to the cloud (RMS cloud reachable) and that this node is registered"
                    + " (rmsctl connector register)");
            return new Result(log);
        }
        if (policy.get().entries().isEmpty()) {
            log.critical("the authorized-servers list (version {}) is empty: every Exchange, SharePoint and file"
                    + " server is refused (event 2003). Fix: authorize each server's computer account or a group of"
                    + " them (console: Authorized servers; or rmsctl admin servers add HOST$ --role ROLE)",
                    policy.get().version());
            return new Result(log);
        }
        Map<Workload, Integer> perRole = new EnumMap<>(Workload.class);
        for (AuthorizedServer entry : policy.get().entries()) {
            perRole.merge(entry.role(), 1, Integer::sum);
        }
        log.info("{} authorized entries in list version {}: {}", policy.get().entries().size(),
                policy.get().version(), perRole);
        return new Result(log);
    }
}
