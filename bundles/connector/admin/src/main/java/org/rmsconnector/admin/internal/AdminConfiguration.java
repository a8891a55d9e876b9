package org.rmsconnector.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value #PID}: what the admin bundle's components share. */
@ObjectClassDefinition(name = "RMS Connector - Administration",
        description = "The admin REST API, workload control, the server configuration generator and the doctor. "
                + "PID org.rmsconnector.admin; changes apply at once.")
@interface AdminConfiguration {
    String PID = "org.rmsconnector.admin";

    @AttributeDefinition(name = "Load-balanced URL",
            description = "The URL on-premises servers use to reach the connectors, e.g. "
                    + "https://rmsconnector.contoso.com (scheme, host, port; no path). The doctor checks the HTTPS "
                    + "certificate against its host; generated server configurations warn when they use another URL.")
    String loadBalancedUrl() default "";

    @AttributeDefinition(name = "Node name",
            description = "This node's name, for the single-node warning of generated configurations. Empty: the "
                    + "rms.node.name framework property, else the host name.")
    String node_name() default "";

    @AttributeDefinition(name = "Deploy folder",
            description = "Where workload adapter jars are installed. Empty: the felix.fileinstall.dir framework "
                    + "property (bin/rms-connector sets it to deploy/).")
    String deploy_dir() default "";

    @AttributeDefinition(name = "Largest adapter jar (MB)", min = "1", max = "512",
            description = "A larger upload is refused with 400.")
    int adapter_max_size_mb() default 20;

    @AttributeDefinition(name = "Adapter bundles",
            description = "The Bundle-SymbolicNames an uploaded adapter jar may have. The jar must also declare "
                    + "that it provides the WorkloadAdapter service (bnd writes that capability from @Component).")
    String[] adapter_symbolic_names() default {"org.rmsconnector.exchange", "org.rmsconnector.sharepoint",
        "org.rmsconnector.fci"};

    @AttributeDefinition(name = "Certificate warning (days)", min = "1", max = "365",
            description = "The doctor warns when the HTTPS certificate expires within this many days.")
    int certificate_warn_days() default 30;
}
