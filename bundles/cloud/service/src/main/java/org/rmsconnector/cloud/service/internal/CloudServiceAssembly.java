package org.rmsconnector.cloud.service.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudAdmin;
import org.rmsconnector.cloud.api.CloudAuthenticator;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.api.CloudOperations;
import org.rmsconnector.cloud.keys.TenantKeyException;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.keys.UseLicenseSigner;
import org.rmsconnector.cloud.licensing.CloudOperationsImpl;
import org.rmsconnector.cloud.licensing.ContentKeyCache;
import org.rmsconnector.cloud.model.TenantInfo;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.TenantStore;
import org.rmsconnector.cloud.store.TxRunner;
import org.rmsconnector.protocol.PublicJwk;

/**
 * Puts the cloud service together: the one call the OSGi component (or a standalone main) makes at start.
 *
 * <ol>
 * <li>migrates the schema;</li>
 * <li>opens the tenant key, or creates it (RSA-3072, software keystore) together with a new tenant; refuses to
 * start with a keystore whose key is not one the tenant has used, and refuses to invent a new key for an existing
 * tenant whose keystore is missing (old content would become unreadable);</li>
 * <li>initializes the tenant (a random tenant id; the configured name, or "Contoso (demo)" when seeding);</li>
 * <li>seeds the demo tenant when asked and the tenant is empty;</li>
 * <li>chooses what signs use licenses ({@link UseLicenseSigner}: a new tenant gets an EC license signing key and
 * signs them ES256; an existing one keeps PS256 until configured otherwise);</li>
 * <li>starts the usage log's batch writer;</li>
 * <li>returns the authenticator, operations and administration API, all thread-safe; {@link Services#close()}
 * stops them.</li>
 * </ol>
 */
public final class CloudServiceAssembly {

    /** The service version reported by {@code ServerInfo} unless configured. */
    public static final String DEFAULT_VERSION = "1.0";
    /** A sensible cap for the admin long-poll, for the HTTP layer to pass as {@code maxWait}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

    private CloudServiceAssembly() {
    }

    /**
     * Where the tenant key lives.
     *
     * @param type         {@code PKCS12} (software keystore {@value TenantKeys#FILE_NAME} in the data directory) or
     *                     {@code PKCS11} (an HSM through SunPKCS11)
     * @param pkcs11Config the SunPKCS11 configuration file; PKCS11 only
     * @param alias        the key entry's alias in the token; PKCS11 only, {@value TenantKeys#ALIAS} when null
     */
    public record KeystoreSettings(String type, Path pkcs11Config, String alias) {

        /** Validates the combination. */
        public KeystoreSettings {
            type = type == null || type.isBlank() ? "PKCS12" : type.strip().toUpperCase(Locale.ROOT);
            if (!type.equals("PKCS12") && !type.equals("PKCS11")) {
                throw new IllegalArgumentException("keystore type must be PKCS12 or PKCS11, got " + type);
            }
            if (type.equals("PKCS11") && pkcs11Config == null) {
                throw new IllegalArgumentException("a PKCS11 keystore needs the SunPKCS11 configuration file");
            }
        }

        /** The default: a software keystore in the data directory. */
        public static KeystoreSettings software() {
            return new KeystoreSettings("PKCS12", null, null);
        }

        /** A key in an HSM. */
        public static KeystoreSettings pkcs11(Path configFile, String alias) {
            return new KeystoreSettings("PKCS11", configFile, alias);
        }
    }

    /**
     * Everything the service needs.
     *
     * @param tx               runs the store's transactions (JDBC, or OSGi Transaction Control)
     * @param dataDirectory    where the software keystore lives (created 700 if missing)
     * @param keystorePassword the keystore password (the token PIN for PKCS11); the caller keeps and clears it
     * @param tenantName       the tenant's display name when it is created (ignored afterwards)
     * @param clock            time of every decision and record
     * @param seedDemo         seed the demo tenant when the tenant is empty
     * @param demoPasswords    UPN → password for demo users; may be empty
     * @param keystore         where the tenant key lives
     * @param serviceVersion   reported by {@code ServerInfo}
     * @param useLicenseSigning {@code auto} (null or blank), {@code ES256} or {@code PS256}: see
     *                         {@link UseLicenseSigner}
     */
    public record Settings(TxRunner tx, Path dataDirectory, char[] keystorePassword, String tenantName, Clock clock,
            boolean seedDemo, Map<String, String> demoPasswords, KeystoreSettings keystore, String serviceVersion,
            String useLicenseSigning) {

        /** Fills the defaults. */
        public Settings {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(clock, "clock");
            demoPasswords = demoPasswords == null ? Map.of() : Map.copyOf(demoPasswords);
            keystore = keystore == null ? KeystoreSettings.software() : keystore;
            serviceVersion = serviceVersion == null || serviceVersion.isBlank() ? DEFAULT_VERSION : serviceVersion;
            UseLicenseSigner.Choice.parse(useLicenseSigning); // refuse a wrong value early
        }

        /** Settings with use licenses signed the {@code auto} way. */
        public Settings(TxRunner tx, Path dataDirectory, char[] keystorePassword, String tenantName, Clock clock,
                boolean seedDemo, Map<String, String> demoPasswords, KeystoreSettings keystore,
                String serviceVersion) {
            this(tx, dataDirectory, keystorePassword, tenantName, clock, seedDemo, demoPasswords, keystore,
                    serviceVersion, null);
        }
    }

    /**
     * The assembled service.
     *
     * @param authenticator establishes the caller of each request
     * @param operations    the rights-management endpoints
     * @param admin         the administration endpoints
     * @param tenant        the tenant
     * @param tenantKey     the tenant public key
     * @param store         the store, for tools that need it (directory import); not for servlets
     * @param useLicenseAlgorithm {@code ES256} or {@code PS256}: how use licenses are signed
     * @param contentKeys   the cache of unwrapped content keys, wiped on {@link #close()}
     */
    public record Services(CloudAuthenticator authenticator, CloudOperations operations, CloudAdmin admin,
            TenantInfo tenant, PublicJwk tenantKey, CloudStore store, String useLicenseAlgorithm,
            ContentKeyCache contentKeys) implements AutoCloseable {

        /** The service as the servlets and the directory sync see it, reached at {@code publicUrl} ("" for the
         * request's own). */
        public CloudBackend backend(String publicUrl) {
            Services services = this;
            return new CloudBackend() {
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
            };
        }

        /** Stops the service: writes the queued usage rows and wipes the cached content keys. */
        @Override
        public void close() {
            store.usageWriter().close();
            contentKeys.clear();
        }
    }

    /** {@link #start(Settings)} with a software keystore and the default version. */
    public static Services start(TxRunner tx, Path dataDirectory, char[] keystorePassword, String tenantName,
            Clock clock, boolean seedDemo, Map<String, String> demoPasswords) {
        return start(new Settings(tx, dataDirectory, keystorePassword, tenantName, clock, seedDemo, demoPasswords,
                null, null));
    }

    /**
     * Starts the service.
     *
     * @throws TenantKeyException  when the tenant key cannot be opened or created (wrong password, missing keystore
     *                             of an existing tenant, another tenant's key, HSM unreachable)
     * @throws IllegalStateException when the database belongs to another tenant or no tenant name is configured
     */
    public static Services start(Settings s) {
        CloudStore store = new CloudStore(s.tx(), s.clock());
        store.migrate();
        Optional<TenantInfo> existing = store.tenant().find();
        List<TenantStore.KeyRecord> recorded = store.tenant().keys();
        String tenantId = existing.map(TenantInfo::tenantId).orElseGet(() -> UUID.randomUUID().toString());

        boolean newKey = recorded.isEmpty() && s.keystore().type().equals("PKCS12")
                && !TenantKeys.exists(s.dataDirectory());
        List<String> recordedKids = recorded.stream().map(TenantStore.KeyRecord::kid).toList();
        TenantKeys keys = openKeys(s, existing.isPresent() && !recorded.isEmpty(), tenantId).retainOlder(recordedKids);
        if (!recorded.isEmpty() && !recordedKids.contains(keys.kid())) {
            // a key the tenant never used is accepted only beside one it did: a rollover in the tenant's token
            if (keys.olderKids().isEmpty()) {
                throw new TenantKeyException("the tenant key in " + keys.location() + " (" + keys.kid() + ") is not a"
                        + " key of tenant " + tenantId + ", which uses " + recorded.get(recorded.size() - 1).kid()
                        + ": point the service at the tenant's keystore");
            }
            System.getLogger(CloudServiceAssembly.class.getName()).log(System.Logger.Level.INFO,
                    "tenant key rollover: {0} is the new tenant key in {1}; the older keys {2} stay to open content"
                            + " protected under them", keys.kid(), keys.location(), keys.olderKids());
        }

        TenantInfo tenant = existing.orElse(null);
        if (tenant == null) {
            String name = s.seedDemo() ? DemoTenant.TENANT_NAME : s.tenantName();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("a tenant name is required to create the tenant");
            }
            tenant = store.tenant().initialize(new TenantInfo(tenantId, name.strip(), s.clock().instant()));
        }
        store.tenant().recordKey(new TenantStore.KeyRecord(keys.kid(), keys.publicJwk().toJson(), s.clock().instant()));
        if (s.seedDemo()) {
            DemoTenant.seed(store, s.demoPasswords());
        }

        UseLicenseSigner signer = UseLicenseSigner.choose(UseLicenseSigner.Choice.parse(s.useLicenseSigning()),
                s.keystore().type().equals("PKCS12"), newKey, s.dataDirectory(), s.keystorePassword(), keys,
                tenant.tenantId(), s.clock().instant());
        ContentKeyCache contentKeys = new ContentKeyCache(ContentKeyCache.DEFAULT_MAX_ENTRIES,
                ContentKeyCache.DEFAULT_TIME_TO_LIVE, s.clock());
        CloudOperations operations = new CloudOperationsImpl(store, keys, signer, s.clock(), tenant.tenantId(),
                tenant.name(), s.serviceVersion(), contentKeys);
        CloudAuthenticator authenticator = new CloudAuthenticatorImpl(store, keys, s.clock());
        CloudAdmin admin = new CloudAdminImpl(store, keys, s.clock(), s.serviceVersion(), CloudAdminImpl.DEFAULT_RECHECK);
        store.usageWriter().start();
        return new Services(authenticator, operations, admin, tenant, keys.publicJwk(), store, signer.algorithm(),
                contentKeys);
    }

    private static TenantKeys openKeys(Settings s, boolean tenantHasKey, String tenantId) {
        if (s.keystore().type().equals("PKCS11")) {
            return TenantKeys.openPkcs11(s.keystore().pkcs11Config(), s.keystorePassword(), s.keystore().alias());
        }
        Path dir = s.dataDirectory();
        if (TenantKeys.exists(dir)) {
            return TenantKeys.open(dir, s.keystorePassword());
        }
        if (tenantHasKey) {
            throw new TenantKeyException("the tenant keystore " + dir.resolve(TenantKeys.FILE_NAME) + " is missing, but"
                    + " tenant " + tenantId + " already has a key: restore the keystore from its backup (a new key"
                    + " could not open content protected so far)");
        }
        return TenantKeys.create(dir, s.keystorePassword(), "RMS tenant key " + tenantId, s.clock().instant());
    }
}
