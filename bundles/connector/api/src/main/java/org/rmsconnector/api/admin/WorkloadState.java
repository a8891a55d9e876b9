package org.rmsconnector.api.admin;

import org.rmsconnector.api.workload.Workload;

/**
 * One workload as an administrator sees it.
 *
 * @param workload    the workload
 * @param enabled     whether its switch is on
 * @param available   whether its adapter service is registered (and so serving, when enabled)
 * @param bundle      the adapter bundle's symbolic name, or {@code null} when not installed
 * @param version     the adapter bundle's version, or {@code null}
 * @param bundleState the adapter bundle's state ({@code ACTIVE}, {@code RESOLVED}, ...), or {@code null}
 * @param traffic     its requests since this node started
 */
public record WorkloadState(Workload workload, boolean enabled, boolean available, String bundle, String version,
        String bundleState, WorkloadTraffic traffic) {
}
