package org.rmsconnector.api.admin;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.api.workload.Workload;

/**
 * Each workload's state and the switches an administrator uses. Provided by the admin bundle, on the same
 * ConfigAdmin configurations ({@code org.rmsconnector.workload.<id>}) and {@code deploy/} folder the rest of the
 * connector uses.
 */
@ProviderType
public interface WorkloadControl {

    /** Every workload, whether or not its adapter is installed. */
    List<WorkloadState> workloads();

    /** Enables the workload (persisted in ConfigAdmin, survives a restart). */
    void enable(Workload workload) throws AdminException;

    /** Disables the workload: its callers get 503 naming it; the others are untouched. */
    void disable(Workload workload) throws AdminException;

    /**
     * Installs or replaces a workload adapter jar through {@code deploy/}. The jar is checked first (a bundle whose
     * name is that of a workload adapter); it is written next to {@code deploy/} and moved in atomically, replacing
     * the earlier jar of the same bundle, so FileInstall never sees half a file.
     *
     * @return the file written in {@code deploy/}
     */
    String install(String fileName, InputStream jar) throws AdminException;
}
