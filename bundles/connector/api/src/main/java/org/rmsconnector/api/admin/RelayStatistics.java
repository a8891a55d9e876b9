package org.rmsconnector.api.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.api.workload.Workload;

/** The relay's traffic, for the console's overview. Provided by the relay. */
@ProviderType
public interface RelayStatistics {

    /** Counts since this node started, per workload (workloads never called are absent). */
    Map<Workload, WorkloadTraffic> traffic();

    /** One sample per interval (10 s) for the last minutes (up to 10), oldest first. */
    List<TrafficSample> history();

    /** Time since the authorized-servers list in force was last updated or confirmed, or {@code null} when none. */
    Duration policyAge();
}
