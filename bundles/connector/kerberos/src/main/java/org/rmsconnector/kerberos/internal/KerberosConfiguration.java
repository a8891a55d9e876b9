package org.rmsconnector.kerberos.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Connector - Kerberos (SPNEGO) authentication",
        description = "Authenticates on-premises servers by the Kerberos ticket they send in Authorization:"
                + " Negotiate, checked with the connector's service keytab. Every node behind the load balancer"
                + " uses the same keytab and principal. Without a keytab, Negotiate requests are refused with 401"
                + " and the reason.")
@interface KerberosConfiguration {

    @AttributeDefinition(name = "Service principal",
            description = "The connector's service principal name with its realm: HTTP/ followed by the name"
                    + " the servers use to reach the connector (the load-balanced name), e.g."
                    + " HTTP/rms.contoso.com@CONTOSO.COM. A ticket for any other service is refused.")
    String principal() default "";

    @AttributeDefinition(name = "Keytab",
            description = "Path of the keytab holding the service principal's keys (exported from Active Directory"
                    + " with ktpass or samba-tool domain exportkeytab). Read when a ticket is checked, so a"
                    + " rotated keytab is used without a restart. Owner-readable only.")
    String keytab_path() default "";

    @AttributeDefinition(name = "krb5.conf",
            description = "Path of the Kerberos configuration the JVM uses (java.security.krb5.conf): realm,"
                    + " clock skew, encryption types. Empty: the JVM's own setting or /etc/krb5.conf. The JVM reads"
                    + " it once: a change needs a restart of the node.")
    String krb5_conf() default "";
}
