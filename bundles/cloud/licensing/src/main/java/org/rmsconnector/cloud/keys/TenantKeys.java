package org.rmsconnector.cloud.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.SelfSignedCertificate;

/**
 * The tenant's RSA key pair: it signs server certificates, publishing licenses and (unless the tenant has an EC
 * license signing key, {@link UseLicenseSigner}) use licenses, and unwraps the content keys that clients wrap to it. It is created with the tenant (RSA-3072) and never leaves the service: the public
 * half is {@link #publicKey()}, while the private half is reachable only through {@link #privateKey()}, used by the
 * operations (bundle rms-cloud-licensing) and the authenticator that need the tenant key, never by servlets.
 *
 * <p>Two places can hold it:
 * <ul>
 * <li><b>Software keystore</b> (default): a PKCS#12 file {@value #FILE_NAME} in the service's data directory,
 * protected by a password (the JDK encrypts PKCS#12 entries with PBES2/AES-256), alias {@value #ALIAS}, file mode
 * 600 where the file system has POSIX permissions. {@link #create} writes it atomically and never overwrites one;
 * {@link #open} loads it on restart. A wrong password is a {@link TenantKeyException} naming the file.</li>
 * <li><b>PKCS#11 token (HSM, BYOK)</b>: {@link #openPkcs11} configures the JDK's SunPKCS11 provider from a config
 * file (see docs/cloud-service.md), logs in with the PIN and uses the private key entry under the configured
 * alias, which the HSM administrator created beforehand (for example with {@code keytool -genkeypair -keyalg RSA
 * -keysize 3072 -storetype PKCS11 -providerClass sun.security.pkcs11.SunPKCS11 -providerArg <config> -alias
 * tenant-key -providerName SunPKCS11-<name>}; see docs/cloud-service.md, "Tenant key in an HSM"). The service
 * never generates or exports a token key. The token signs (SunPKCS11 {@code RSASSA-PSS}) and does the raw RSA
 * operation of every unwrap ({@code RSA/ECB/NoPadding}; the OAEP-256 padding is decoded outside the token, because
 * SunPKCS11 has no OAEP cipher). The other RSA key entries of the token are older tenant keys after a rollover
 * ({@link #retainOlder}): they still verify and open content protected under them. Tested against SoftHSM2
 * (SoftHsmTenantKeyTest in rms-cloud-service).</li>
 * </ul>
 */
public final class TenantKeys {

    /** The software keystore's file name in the data directory. */
    public static final String FILE_NAME = "tenant-key.p12";
    /** The key entry's alias (software keystore; the default for a token). */
    public static final String ALIAS = "tenant-key";

    private static final System.Logger LOG = System.getLogger(TenantKeys.class.getName());
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(365L * 100);

    private final RSAPublicKey publicKey;
    private final PublicJwk publicJwk;
    private final PrivateKey privateKey;
    private final String location;
    /** The other keys of the same keystore (a token after a rollover), by kid: they open older content. */
    private final Map<String, TenantKeys> others;

    private TenantKeys(RSAPublicKey publicKey, PrivateKey privateKey, String location) {
        this(publicKey, privateKey, location, Map.of());
    }

    private TenantKeys(RSAPublicKey publicKey, PrivateKey privateKey, String location, Map<String, TenantKeys> others) {
        try {
            Keys.checkStrength(publicKey);
        } catch (ProtocolException e) {
            throw new TenantKeyException("the tenant key in " + location + " is too weak: " + e.getMessage(), e);
        }
        this.publicKey = publicKey;
        this.publicJwk = PublicJwk.of(publicKey);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.location = location;
        this.others = Map.copyOf(others);
    }

    /** Whether {@code directory} holds a software keystore. */
    public static boolean exists(Path directory) {
        return Files.exists(directory.resolve(FILE_NAME));
    }

    /**
     * Creates a new RSA-3072 tenant key in a new software keystore {@code directory/}{@value #FILE_NAME}.
     *
     * @param commonName names the key in its (self-signed, otherwise unused) certificate, e.g. the tenant id
     * @throws TenantKeyException when a keystore is already there (an existing tenant key is never replaced) or
     *         the file cannot be written
     */
    public static TenantKeys create(Path directory, char[] password, String commonName, Instant now) {
        requirePassword(password, directory.resolve(FILE_NAME));
        Path file = directory.resolve(FILE_NAME);
        KeyPair pair = Keys.generateRsaKeyPair();
        byte[] bytes;
        try {
            Instant from = now.truncatedTo(ChronoUnit.SECONDS);
            X509Certificate cert = SelfSignedCertificate.create(commonName, pair.getPublic(), pair.getPrivate(), from,
                    from.plus(CERTIFICATE_VALIDITY));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] {cert});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            bytes = out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new TenantKeyException("cannot create the tenant keystore " + file + ": " + e.getMessage(), e);
        }
        try {
            writeNewKeystore(directory, file, bytes);
        } catch (FileAlreadyExistsException e) {
            throw new TenantKeyException("a tenant keystore already exists at " + file + "; it is never replaced", e);
        } catch (IOException e) {
            throw new TenantKeyException("cannot write the tenant keystore " + file + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "created tenant key {0} in {1}", Keys.thumbprint((RSAPublicKey) pair.getPublic()),
                file);
        return new TenantKeys((RSAPublicKey) pair.getPublic(), pair.getPrivate(), file.toString());
    }

    /**
     * Opens the software keystore {@code directory/}{@value #FILE_NAME}.
     *
     * @throws TenantKeyException naming the file: missing, wrong password, damaged, or without the key entry
     */
    public static TenantKeys open(Path directory, char[] password) {
        Path file = directory.resolve(FILE_NAME);
        requirePassword(password, file);
        KeyStore ks;
        try (InputStream in = Files.newInputStream(file)) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
        } catch (NoSuchFileException e) {
            throw new TenantKeyException("the tenant keystore " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new TenantKeyException("the tenant keystore " + file + " is not readable by this process", e);
        } catch (IOException e) {
            if (isWrongPassword(e)) {
                throw new TenantKeyException("cannot open the tenant keystore " + file
                        + ": the keystore password is wrong", e);
            }
            throw new TenantKeyException("cannot read the tenant keystore " + file
                    + ": damaged, or not a PKCS#12 keystore (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TenantKeyException("cannot read the tenant keystore " + file + ": " + e.getMessage(), e);
        }
        warnIfReadableByOthers(file);
        return fromKeyStore(ks, ALIAS, password, file.toString());
    }

    /**
     * Opens the tenant key in a PKCS#11 token through the JDK's SunPKCS11 provider.
     *
     * <p>How: {@code Security.getProvider("SunPKCS11").configure(configFile)} gives a provider bound to the token
     * the config file names ({@code name}, {@code library}, {@code slot} or {@code slotListIndex}); it is added to
     * the JCA provider list so that the signature and cipher implementations for the token key are found by
     * delayed provider selection; {@code KeyStore.getInstance("PKCS11", provider).load(null, pin)} logs in; the
     * private key and certificate under {@code alias} are the tenant key. The private key stays in the token:
     * only a handle is held here.
     *
     * @param configFile the SunPKCS11 configuration file
     * @param pin        the token user's PIN
     * @param alias      the key entry's alias; {@value #ALIAS} when null
     * @throws TenantKeyException when the provider, the token, the PIN or the key entry is wrong, naming the file
     */
    public static TenantKeys openPkcs11(Path configFile, char[] pin, String alias) {
        String entry = alias == null || alias.isBlank() ? ALIAS : alias;
        String where = "PKCS#11 token configured by " + configFile;
        if (!Files.isReadable(configFile)) {
            throw new TenantKeyException("the SunPKCS11 configuration file " + configFile + " is missing or not readable");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new TenantKeyException("this JVM has no SunPKCS11 provider (module jdk.crypto.cryptoki), needed for "
                    + where);
        }
        Provider provider;
        KeyStore ks;
        try {
            provider = base.configure(configFile.toString());
            Provider registered = Security.getProvider(provider.getName());
            if (registered == null) {
                Security.addProvider(provider);
            } else {
                // a restart in the same JVM (reconfiguration): keep the registered instance, whose keys the JCA's
                // delayed provider selection finds; a second instance's keys would match no registered provider
                provider = registered;
            }
            ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
        } catch (IOException e) {
            if (isWrongPassword(e)) {
                throw new TenantKeyException("cannot log in to the " + where + ": the PIN is wrong", e);
            }
            throw new TenantKeyException("cannot open the " + where + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TenantKeyException("cannot open the " + where + ": " + e.getMessage(), e);
        }
        TenantKeys active = fromKeyStore(ks, entry, null, where);
        // every other RSA key entry of the token is a candidate older tenant key (a rollover keeps the old key in
        // the token); CloudServiceAssembly keeps only those the tenant has used (retainOlder)
        Map<String, TenantKeys> older = new LinkedHashMap<>();
        try {
            for (String a : Collections.list(ks.aliases())) {
                if (a.equals(entry) || !ks.isKeyEntry(a) || !(ks.getCertificate(a) != null
                        && ks.getCertificate(a).getPublicKey() instanceof RSAPublicKey)) {
                    continue;
                }
                try {
                    TenantKeys k = fromKeyStore(ks, a, null, where + " (entry " + a + ")");
                    if (!k.kid().equals(active.kid())) {
                        older.put(k.kid(), k);
                    }
                } catch (TenantKeyException e) {
                    LOG.log(System.Logger.Level.DEBUG, "ignoring token entry {0}: {1}", a, e.getMessage());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TenantKeyException("cannot list the keys of the " + where + ": " + e.getMessage(), e);
        }
        return new TenantKeys(active.publicKey, active.privateKey, where + " (entry " + entry + ")", older);
    }

    /**
     * These keys with only the older keys whose kid is in {@code tenantKids} (the keys the tenant has used): a
     * token's unrelated keys are never used.
     */
    public TenantKeys retainOlder(Collection<String> tenantKids) {
        Map<String, TenantKeys> kept = new LinkedHashMap<>();
        others.forEach((kid, k) -> {
            if (tenantKids.contains(kid)) {
                kept.put(kid, k);
            }
        });
        return new TenantKeys(publicKey, privateKey, location, kept);
    }

    /** The kids of the older tenant keys held beside the active one (after a rollover); empty for most tenants. */
    public Set<String> olderKids() {
        return others.keySet();
    }

    /**
     * The public key that verifies what the tenant key {@code kid} signed: the active key, or an older key of the
     * tenant after a rollover; the active key for an unknown kid (its verification then fails, naming the kid).
     */
    public RSAPublicKey verificationKey(String kid) {
        TenantKeys k = kid == null ? null : others.get(kid);
        return k == null ? publicKey : k.publicKey;
    }

    /**
     * The private key (or token handle) that unwraps a key wrapped to {@code kid}: the active key, or an older key
     * of the tenant after a rollover; the active key for an unknown kid. For the service implementation only.
     */
    public PrivateKey unwrappingKey(String kid) {
        TenantKeys k = kid == null ? null : others.get(kid);
        return k == null ? privateKey : k.privateKey;
    }

    private static TenantKeys fromKeyStore(KeyStore ks, String alias, char[] keyPassword, String where) {
        try {
            if (!ks.isKeyEntry(alias)) {
                throw new TenantKeyException("the keystore " + where + " has no key entry '" + alias + "'");
            }
            Key key = ks.getKey(alias, keyPassword);
            Certificate cert = ks.getCertificate(alias);
            if (!(key instanceof PrivateKey pk) || !"RSA".equalsIgnoreCase(key.getAlgorithm())) {
                throw new TenantKeyException("the entry '" + alias + "' of " + where + " is not an RSA private key");
            }
            if (cert == null || !(cert.getPublicKey() instanceof RSAPublicKey pub)) {
                throw new TenantKeyException("the entry '" + alias + "' of " + where
                        + " has no certificate with an RSA public key");
            }
            return new TenantKeys(pub, pk, where);
        } catch (UnrecoverableKeyException e) {
            throw new TenantKeyException("cannot open the key '" + alias + "' of " + where
                    + ": the keystore password is wrong", e);
        } catch (GeneralSecurityException e) {
            throw new TenantKeyException("cannot read the key '" + alias + "' of " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new keystore file owner-only and atomically; never replaces one.
     *
     * @throws FileAlreadyExistsException when {@code file} exists
     */
    static void writeNewKeystore(Path directory, Path file, byte[] bytes) throws IOException {
        createPrivateDirectory(directory);
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        // written under a temporary name, then linked to the real one: a crash never leaves half a keystore
        // under the real name, and linking fails rather than replace a keystore someone created meanwhile
        // (a rename would replace it silently)
        Path tmp = directory.resolve(file.getFileName() + "." + Keys.newRandomId() + ".tmp");
        Files.createFile(tmp, ownerOnly(directory, false));
        try {
            Files.write(tmp, bytes);
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | IOException e) {
                Files.move(tmp, file); // no hard links here: a move that refuses an existing target
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static boolean isWrongPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecoverableKeyException || t instanceof javax.security.auth.login.FailedLoginException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("password was incorrect") || m.contains("CKR_PIN_INCORRECT"))) {
                return true;
            }
        }
        return false;
    }

    private static void requirePassword(char[] password, Path file) {
        if (password == null || password.length == 0) {
            throw new TenantKeyException("no password configured for the tenant keystore " + file
                    + ": a tenant key is never kept unprotected");
        }
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, ownerOnly(directory, true));
        }
    }

    private static Path existingAncestor(Path p) {
        Path a = p.toAbsolutePath();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        return a;
    }

    // rw------- (rwx------ for a directory) where the file system knows POSIX permissions; elsewhere (Windows)
    // the file inherits its directory's ACL, which the operator is expected to restrict
    private static FileAttribute<?>[] ownerOnly(Path near, boolean directory) {
        Path probe = existingAncestor(near);
        if (probe == null || !probe.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))
        };
    }

    static void warnIfReadableByOthers(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                    LOG.log(System.Logger.Level.WARNING, "the tenant keystore {0} is readable by other users ({1});"
                            + " restrict it with chmod 600", file, PosixFilePermissions.toString(p));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a warning only
        }
    }

    /** The tenant public key. */
    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The tenant public key as a JWK: what licensor chains carry. */
    public PublicJwk publicJwk() {
        return publicJwk;
    }

    /** The key id: the RFC 7638 thumbprint of the public key. */
    public String kid() {
        return publicJwk.kid();
    }

    /** Where the key lives, for messages: the keystore file or the token's config file. */
    public String location() {
        return location;
    }

    /** The private key (or an HSM handle to it): for the service implementation in this package only. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "TenantKeys[kid=" + kid() + (others.isEmpty() ? "" : ", older " + others.keySet()) + ", in " + location
                + "]";
    }
}
