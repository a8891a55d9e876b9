package org.rmsconnector.cloud.directory.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.commons.secrets.SecretReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tenant directory in step with an LDAP directory: imports at start (in the background, so a slow
 * directory does not hold the service back) and then every configured interval. A failed import keeps the
 * directory as it was and says why; it is retried at the next interval. Present only when configured
 * (PID {@value #PID}).
 */
@Component(configurationPid = LdapDirectorySync.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LdapSyncConfiguration.class)
public class LdapDirectorySync {
    static final String PID = "org.rmsconnector.cloud.ldap";
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectorySync.class);

    private final CloudBackend backend;
    private final LdapImportConfig importConfig;
    private final ImportTrust trust;
    private final ScheduledExecutorService scheduler;

    @Activate
    public LdapDirectorySync(@Reference CloudBackend backend, LdapSyncConfiguration config,
            org.osgi.framework.BundleContext context) {
        this.backend = backend;
        LdapImportConfig c = LdapImportConfig.activeDirectory(config.host(), config.port(),
                LdapImportConfig.Security.valueOf(config.security().toUpperCase(java.util.Locale.ROOT)), config.base_dn())
                .withUsers(config.base_dn(), config.user_filter(), "userPrincipalName", "mail", "displayName")
                .withGroups(config.base_dn(), config.group_filter(), "cn");
        this.importConfig = config.bind_dn().isBlank() ? c : c.withBind(config.bind_dn(),
                SecretReference.resolve(config._bind_password(), context.getProperty(
                        SecretReference.SECRETS_DIR_PROPERTY), PID + " .bind.password"));
        this.trust = new ImportTrust(config.tls_truststore_path(), config._tls_truststore_password().isEmpty() ? ""
                : SecretReference.resolve(config._tls_truststore_password(), context.getProperty(
                        SecretReference.SECRETS_DIR_PROPERTY), PID + " .tls.truststore.password"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rms-ldap-directory-sync");
            t.setDaemon(true);
            return t;
        });
        int minutes = Math.max(1, config.interval_minutes());
        scheduler.scheduleWithFixedDelay(this::importOnce, 0, minutes, TimeUnit.MINUTES);
    }

    void importOnce() {
        try {
            // plain LDAP needs no trust store: a broken one must not stop it
            DirectoryImportResult result = new LdapDirectoryImport(importConfig, importConfig.security()
                    == LdapImportConfig.Security.NONE ? null : trust.sockets()).run();
            backend.store().directory().replace(result.directory());
            LOG.info("imported the directory from {}:{}: {} users, {} groups ({} warnings)", importConfig.host(),
                    importConfig.port(), result.directory().users().size(), result.directory().groups().size(),
                    result.warnings().size());
            result.warnings().forEach(w -> LOG.warn("directory import: {}", w));
        } catch (DirectoryImportException | RuntimeException e) {
            LOG.error("directory import from {}:{} failed; the directory is unchanged: {}", importConfig.host(),
                    importConfig.port(), e.getMessage());
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("the directory import did not stop within 10 s");
        }
    }
}
