package org.rmsconnector.cloud.service.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "RMS Cloud Service",
        description = "The reference cloud rights-management service for one tenant.")
@interface CloudConfiguration {

    @AttributeDefinition(name = "Data folder",
            description = "Where the tenant keystore lives. The database is configured separately "
                    + "(factory PID org.apache.aries.tx.control.jdbc.local, dataSourceName=rms-cloud:"
                    + " etc/org.apache.aries.tx.control.jdbc.local-rms-cloud.cfg).")
    String data_dir();

    @AttributeDefinition(name = "Tenant key store password", type = AttributeType.PASSWORD,
            description = "Protects the tenant key store. Use secret:cloud-keystore-password to read it from a file.")
    String _keystore_password();

    @AttributeDefinition(name = "Tenant key store type",
            description = "PKCS12: a password-protected file under the data folder (default). PKCS11: an HSM through "
                    + "SunPKCS11 (bring your own key); the password is then the token PIN. See docs/cloud-service.md.",
            options = {@Option(label = "PKCS#12 file", value = "PKCS12"), @Option(label = "PKCS#11 token (HSM)", value = "PKCS11")})
    String keystore_type() default "PKCS12";

    @AttributeDefinition(name = "PKCS#11 configuration file",
            description = "The SunPKCS11 provider configuration (library, slot). PKCS11 only.")
    String pkcs11_config() default "";

    @AttributeDefinition(name = "Tenant key alias", description = "The key entry in the token. PKCS11 only; empty: tenant-key. After a key rollover, the new"
            + " key's alias: the token's older keys of the tenant still open old content.")
    String key_alias() default "";

    @AttributeDefinition(name = "Use-license signing",
            description = "auto: ES256 with the tenant's EC license signing key when it has one; a tenant created now"
                    + " gets one; an existing tenant without one keeps PS256. ES256: create the key if missing (software"
                    + " keystore only). PS256: sign with the RSA tenant key. A PKCS#11 tenant key always signs PS256.",
            options = {@Option(label = "auto", value = "auto"), @Option(label = "ES256 (EC P-256)", value = "ES256"),
                @Option(label = "PS256 (RSA tenant key)", value = "PS256")})
    String use_license_signing() default "auto";

    @AttributeDefinition(name = "Tenant name", description = "Shown in server information and templates.")
    String tenant_name() default "Contoso (demo)";

    @AttributeDefinition(name = "Seed the demo tenant",
            description = "On first start, create demo users, groups and templates, with passwords written to "
                    + "<data folder>/demo (owner-only). For evaluation installs only.")
    boolean demo_enabled() default false;

    @AttributeDefinition(name = "Database password (PostgreSQL)", type = AttributeType.PASSWORD,
            description = "On PostgreSQL only: the password of the rms-cloud database, for the connection that listens"
                    + " for the changes other cloud nodes make. Use the same secret as the JDBC resource:"
                    + " secret:cloud-db-password.")
    String _database_password() default "secret:cloud-db-password";

    @AttributeDefinition(name = "Public base URL",
            description = "The URL clients reach this service at, for server information; empty: the request's own.")
    String public_url() default "";
}
