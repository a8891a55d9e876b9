package org.rmsconnector.cloud.directory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "RMS Cloud Service - LDAP directory import",
        description = "Imports the tenant directory (users, groups, nested membership) from an LDAP directory such as "
                + "Active Directory, at start and then periodically. Replaces the directory each time.")
@interface LdapSyncConfiguration {

    @AttributeDefinition(name = "Host")
    String host();

    @AttributeDefinition(name = "Port", description = "389 for LDAP and StartTLS, 636 for LDAPS.")
    int port() default 636;

    @AttributeDefinition(name = "Security", options = {@Option(label = "LDAPS", value = "LDAPS"),
            @Option(label = "StartTLS", value = "STARTTLS"), @Option(label = "None (test only)", value = "NONE")})
    String security() default "LDAPS";

    @AttributeDefinition(name = "Base DN", description = "Where users and groups are searched, e.g. DC=contoso,DC=com.")
    String base_dn();

    @AttributeDefinition(name = "Bind DN", description = "The account the import reads with; empty: anonymous.")
    String bind_dn() default "";

    @AttributeDefinition(name = "Bind password", type = AttributeType.PASSWORD,
            description = "Use secret:NAME to read it from data/NAME.")
    String _bind_password() default "";

    @AttributeDefinition(name = "User filter")
    String user_filter() default "(&(objectCategory=person)(objectClass=user)(userPrincipalName=*))";

    @AttributeDefinition(name = "Group filter")
    String group_filter() default "(objectClass=group)";

    @AttributeDefinition(name = "LDAPS trust store",
            description = "PKCS#12 or JKS (.jks) file with the directory's CA certificate, for LDAPS and StartTLS."
                    + " Empty: the Java runtime's trusted CAs. Host names are always verified.")
    String tls_truststore_path() default "";

    @AttributeDefinition(name = "LDAPS trust store password", type = AttributeType.PASSWORD,
            description = "The property is .tls.truststore.password (kept out of the service properties); use"
                    + " secret:NAME to read it from data/NAME.")
    String _tls_truststore_password() default "";

    @AttributeDefinition(name = "Interval (minutes)", description = "How often to import again.")
    int interval_minutes() default 60;
}
