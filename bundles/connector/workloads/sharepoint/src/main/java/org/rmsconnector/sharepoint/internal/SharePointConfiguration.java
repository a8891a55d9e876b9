package org.rmsconnector.sharepoint.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Connector - SharePoint workload",
        description = "The rules for SharePoint servers (ordinary user privileges). PID "
                + "org.rmsconnector.workload.sharepoint; changes apply at once, and disabling survives a restart.")
@interface SharePointConfiguration {

    @AttributeDefinition(name = "Enabled",
            description = "Serve the SharePoint workload on this node. When off, SharePoint requests get 503 "
                    + "workload_unavailable; the other workloads are unaffected.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Most offline days", min = "0", max = "3650",
            description = "The longest a downloaded document may be used without checking back with the service "
                    + "(the library's 'verify credentials' interval). Longer requests are refused with 400.")
    int max_offline_days() default 30;

    @AttributeDefinition(name = "Users per protected download", min = "1", max = "100",
            description = "How many users one protect-on-download request may name. A download is protected for "
                    + "the user who downloads it, hence 1.")
    int max_grants() default 1;
}
