package org.rmsconnector.cloud.internal.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "RMS Cloud Service",
        description = "The reference cloud rights-management service for one tenant.")
@interface CloudConfiguration {

    @AttributeDefinition(name = "Data folder",
            description = "Where the tenant keystore lives. The database is configured separately "
                    + "(factory PID org.apache.aries.tx.control.jdbc.local, dataSourceName=rms-cloud).")
    String data_dir();

    @AttributeDefinition(name = "Tenant key store password", type = AttributeType.PASSWORD,
            description = "Protects the tenant key store. Use $[secret:cloud-keystore-password] to read it from a file.")
    String keystore_password();

    @AttributeDefinition(name = "Tenant name", description = "Shown in server information and templates.")
    String tenant_name() default "Contoso (demo)";

    @AttributeDefinition(name = "Seed the demo tenant",
            description = "On first start, create demo users, groups and templates, with passwords written to "
                    + "<data folder>/demo (owner-only). For evaluation installs only.")
    boolean demo_enabled() default false;

    @AttributeDefinition(name = "Public base URL",
            description = "The URL clients reach this service at, for server information; empty: the request's own.")
    String public_url() default "";
}
