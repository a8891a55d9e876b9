package org.rmsconnector.api.admin;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.api.workload.Workload;

/** Renders a workload's {@link ServerConfiguration} for the servers' administrators. Provided by the admin bundle. */
@ProviderType
public interface ServerConfigurationGenerator {

    /** The output formats. */
    enum Format {
        /** A Windows Registry Editor 5.00 file. */
        REG,
        /** A PowerShell script creating one group policy object per server type. */
        PS1,
        /** A Java properties file for this project's own client. */
        PROPERTIES
    }

    /**
     * @param connectorUrl the connector as the servers reach it; HTTP or HTTPS follows it
     * @throws AdminException {@link AdminException.Reason#INVALID} for a bad URL,
     *                        {@link AdminException.Reason#NOT_FOUND} when the workload's adapter is not installed
     */
    GeneratedConfiguration generate(Workload workload, URI connectorUrl, Format format) throws AdminException;
}
