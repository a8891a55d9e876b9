package org.rmsconnector.authorization.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Connector - Authorization",
        description = "Decides which authenticated callers may use the connector, and in which role, from the"
                + " authorized-servers list the cloud keeps; reports on that list's health.")
@interface AuthorizationConfiguration {

    @AttributeDefinition(name = "Refuse plain HTTP",
            description = "Refuse callers that reach the connector over plain HTTP even when they are on the"
                    + " authorized-servers list (event 2002 says so once per account). Off: they are served and"
                    + " warned about (event 2002 once per account), as the reference product does.")
    boolean refuse_plain_http() default false;

    @AttributeDefinition(name = "NetBIOS domain aliases",
            description = "NETBIOS=dns.domain pairs (e.g. CORP=corp.contoso.com) for domains whose NetBIOS name is"
                    + " not the first label of their DNS name, so CORP\\alice matches alice@corp.contoso.com.")
    String[] netbios_domains() default {};

    @AttributeDefinition(name = "Maximum policy age (minutes)",
            description = "The health check warns when the list in force was not confirmed with the cloud for"
                    + " longer than this.")
    long policy_max_age_minutes() default 30;
}
