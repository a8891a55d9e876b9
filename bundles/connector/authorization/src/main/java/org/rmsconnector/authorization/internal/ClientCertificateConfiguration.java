package org.rmsconnector.authorization.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "RMS Connector - Client certificate authentication",
        description = "Authenticates on-premises servers by the TLS client certificate they present, validated"
                + " against the trust store below, and maps the certificate to an account.")
@interface ClientCertificateConfiguration {

    @AttributeDefinition(name = "Trust store",
            description = "Path of a PKCS#12 or JKS file holding the certificates of the CAs (or the individual"
                    + " certificates) trusted to identify on-premises servers. Empty: every presented certificate"
                    + " is refused. The file is re-read when it changes.")
    String truststore_path() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD,
            description = "Write it as secret:name so it stays out of the configuration file. May be empty for a"
                    + " trust store without integrity password. The property is .truststore.password: the leading"
                    + " dot keeps it out of the service properties.")
    String _truststore_password() default "";

    @AttributeDefinition(name = "Trust store type",
            options = {@Option(label = "PKCS#12", value = "PKCS12"), @Option(label = "JKS", value = "JKS")},
            description = "The trust store's format.")
    String truststore_type() default "PKCS12";

    @AttributeDefinition(name = "Check revocation",
            description = "Check each certificate of the chain against its OCSP responder or CRL distribution point."
                    + " Off by default: the connector often cannot reach them; a certificate whose status cannot be"
                    + " determined is refused when on.")
    boolean revocation_enabled() default false;

    @AttributeDefinition(name = "Require client-authentication usage",
            description = "Refuse a certificate whose extended key usage is present but does not allow TLS client"
                    + " authentication (1.3.6.1.5.5.7.3.2).")
    boolean require_client_auth_usage() default true;

    @AttributeDefinition(name = "Host name mapping",
            options = {
                @Option(label = "Computer account: first label upper case + $ (fs01.contoso.com -> FS01$)",
                        value = "COMPUTER_ACCOUNT"),
                @Option(label = "As is: the host name as written in the certificate", value = "AS_IS")},
            description = "How a certificate that names a computer (a DNS name, or a CN that is a host name) maps to"
                    + " the account looked up in the authorized-servers list.")
    String host_mapping() default "COMPUTER_ACCOUNT";

    @AttributeDefinition(name = "Service ranking",
            description = "Authenticators are asked in descending ranking; the client certificate goes first.")
    int service_ranking() default 1000;
}
