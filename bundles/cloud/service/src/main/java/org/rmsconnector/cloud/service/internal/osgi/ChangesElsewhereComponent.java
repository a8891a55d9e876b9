package org.rmsconnector.cloud.service.internal.osgi;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.transaction.control.jdbc.JDBCConnectionProvider;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.service.internal.ChangesElsewhere;
import org.rmsconnector.cloud.service.internal.CloudAdminImpl;
import org.rmsconnector.commons.secrets.SecretReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On PostgreSQL, listens for the changes other cloud nodes make ({@link ChangesElsewhere}), so a change made through
 * one node wakes the long-polls held on every other within milliseconds. Its own lifecycle beside the tenant
 * service: it needs the running service, the database the {@code rms-cloud} JDBC resource points at (its
 * {@code url} and {@code user} service properties), the PostgreSQL driver's {@link DataSourceFactory} for a
 * connection of its own (a pooled one cannot hold a {@code LISTEN}), and the database password, from the cloud
 * service's configuration ({@code .database.password}, a {@code secret:} reference to the same file the JDBC
 * resource's {@code $[secret:…]} reads). On H2 it does nothing.
 */
@Component(configurationPid = CloudServiceComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public class ChangesElsewhereComponent {

    /** The part of the cloud service's configuration this component reads. */
    @ObjectClassDefinition(name = "RMS Cloud Service: database password for the change listener")
    @interface Config {
        @AttributeDefinition(name = "Database password", type = AttributeType.PASSWORD,
                description = "The PostgreSQL password of the rms-cloud JDBC resource, for the connection that"
                        + " listens for other nodes' changes. secret:NAME reads data/NAME.")
        String _database_password() default "secret:cloud-db-password";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChangesElsewhereComponent.class);

    private final Optional<ChangesElsewhere> listener;

    @Activate
    public ChangesElsewhereComponent(@Reference CloudBackend backend,
            @Reference(service = JDBCConnectionProvider.class, target = "(dataSourceName=rms-cloud)")
            Map<String, Object> database,
            @Reference(target = "(osgi.jdbc.driver.class=org.postgresql.Driver)") DataSourceFactory postgres,
            Config config, BundleContext context) {
        String url = String.valueOf(database.getOrDefault(DataSourceFactory.JDBC_URL, ""));
        if (!url.startsWith("jdbc:postgresql:")) {
            listener = Optional.empty();
            return; // one node on an embedded database: its own writes wake its pollers
        }
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, url);
        Object user = database.get(DataSourceFactory.JDBC_USER);
        if (user != null) {
            props.setProperty(DataSourceFactory.JDBC_USER, user.toString());
        }
        String password = SecretReference.resolve(config._database_password(),
                context.getProperty(SecretReference.SECRETS_DIR_PROPERTY),
                CloudServiceComponent.PID + " .database.password");
        if (password != null) {
            props.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        }
        Runnable wake = backend.admin() instanceof CloudAdminImpl admin ? admin::authorizedServersChanged : () -> { };
        listener = ChangesElsewhere.listen(backend.store(), wake, () -> postgres.createDataSource(props).getConnection());
        LOG.info("listening for changes other cloud nodes make in {}", url);
    }

    @Deactivate
    void deactivate() {
        listener.ifPresent(ChangesElsewhere::close);
    }
}
