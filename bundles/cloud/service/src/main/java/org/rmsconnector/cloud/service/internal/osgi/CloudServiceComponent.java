package org.rmsconnector.cloud.service.internal.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.cloud.api.CloudAdmin;
import org.rmsconnector.cloud.api.CloudAuthenticator;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.api.CloudOperations;
import org.rmsconnector.cloud.service.internal.CloudServiceAssembly;
import org.rmsconnector.cloud.service.internal.DemoTenant;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.TxRunner;
import org.rmsconnector.commons.secrets.SecretReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant service: opens (or on first start creates) the tenant, its key and, for evaluation installs, the demo
 * tenant, then offers the operations to the servlets. Requires its configuration: without a key store password
 * there is no tenant.
 */
@Component(service = CloudBackend.class, configurationPid = CloudServiceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CloudConfiguration.class)
public class CloudServiceComponent implements CloudBackend {
    static final String PID = "org.rmsconnector.cloud";
    private static final Logger LOG = LoggerFactory.getLogger(CloudServiceComponent.class);
    private static final List<String> DEMO_USERS = List.of(DemoTenant.ALICE, DemoTenant.BOB, DemoTenant.CAROL,
            DemoTenant.ADMIN);

    private final CloudServiceAssembly.Services services;
    private final String publicUrl;

    @Activate
    public CloudServiceComponent(@Reference TxRunner tx, CloudConfiguration config, BundleContext context) {
        if (config.data_dir() == null || config.data_dir().isBlank()) {
            throw new IllegalArgumentException(PID + ": data.dir is required");
        }
        String keystorePassword = SecretReference.resolve(config._keystore_password(),
                context.getProperty(SecretReference.SECRETS_DIR_PROPERTY), PID + " .keystore.password");
        if (keystorePassword == null || keystorePassword.isEmpty()) {
            throw new IllegalArgumentException(PID + ": .keystore.password is required (e.g."
                    + " secret:cloud-keystore-password)");
        }
        Path data = Paths.get(config.data_dir());
        Map<String, String> demoPasswords = config.demo_enabled() ? demoPasswords(data.resolve("demo")) : Map.of();
        char[] password = keystorePassword.toCharArray();
        try {
            services = CloudServiceAssembly.start(new CloudServiceAssembly.Settings(tx, data, password,
                    config.tenant_name(), Clock.systemUTC(), config.demo_enabled(), demoPasswords, keystore(config),
                    context.getBundle().getVersion().toString(), config.use_license_signing()));
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        publicUrl = config.public_url();
        if (config.demo_enabled() && DemoTenant.seedAuthorizedServers(services.store())) {
            LOG.info("demo: authorized EXCH01$ (exchange), SP01$ (sharepoint) and FS01$ (fci)");
        }
        LOG.info("cloud service for tenant '{}' ({}) is up; tenant key {}; use licenses signed {}",
                services.tenant().name(), services.tenant().tenantId(), services.tenantKey().kid(),
                services.useLicenseAlgorithm());
    }

    /** Writes the queued usage rows and wipes the cached content keys. */
    @Deactivate
    void deactivate() {
        services.close();
    }

    private static CloudServiceAssembly.KeystoreSettings keystore(CloudConfiguration config) {
        if ("PKCS11".equalsIgnoreCase(config.keystore_type())) {
            if (config.pkcs11_config().isBlank()) {
                throw new IllegalArgumentException(PID + ": keystore.type=PKCS11 needs pkcs11.config (the SunPKCS11 file)");
            }
            return CloudServiceAssembly.KeystoreSettings.pkcs11(Paths.get(config.pkcs11_config()),
                    config.key_alias().isBlank() ? null : config.key_alias());
        }
        return CloudServiceAssembly.KeystoreSettings.software();
    }

    /**
     * The demo users' passwords: read from {@code demo/<upn>.password}, or generated there (owner-only) on first
     * start, so an evaluator can sign in as alice or bob with {@code rmsctl --password-file}.
     */
    private static Map<String, String> demoPasswords(Path dir) {
        Map<String, String> passwords = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            for (String upn : DEMO_USERS) {
                Path file = dir.resolve(upn + ".password");
                if (!Files.exists(file)) {
                    byte[] random = new byte[18];
                    new SecureRandom().nextBytes(random);
                    Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        LOG.warn("cannot restrict {} to its owner on this file system", file);
                    }
                }
                passwords.put(upn, Files.readString(file, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo passwords under " + dir, e);
        }
        return passwords;
    }

    @Override
    public CloudOperations operations() {
        return services.operations();
    }

    @Override
    public CloudAuthenticator authenticator() {
        return services.authenticator();
    }

    @Override
    public CloudAdmin admin() {
        return services.admin();
    }

    @Override
    public CloudStore store() {
        return services.store();
    }

    @Override
    public String publicUrl() {
        return publicUrl;
    }
}
