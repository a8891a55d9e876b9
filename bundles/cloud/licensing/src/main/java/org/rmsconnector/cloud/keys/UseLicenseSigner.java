package org.rmsconnector.cloud.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseSigningKey;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.SelfSignedCertificate;

/**
 * What signs use licenses. A use license is signed once per item, so its signature is the licensing path's
 * largest cost: an RSA-3072 PS256 signature takes ~2.5 ms in the JDK, an ES256 one (EC P-256) a small fraction of
 * that. So a tenant can have a <b>license signing key</b>: an EC P-256 key pair in its own PKCS#12 file
 * {@value #FILE_NAME} beside the tenant keystore (same password), whose certificate is issued by the tenant RSA key
 * (a file that the tenant key did not vouch for is refused). The tenant key endorses it once per start
 * ({@link LicenseSigningKey}); certification answers carry the endorsement so clients verify ES256 use licenses
 * with a key they can trace to the licensor chain. Everything else (certificates, publishing licenses, the signed
 * policy, unwrapping content keys) stays with the RSA tenant key.
 *
 * <p>The choice ({@link Choice}): {@code auto} (the default) signs with the license signing key when the tenant has
 * one, and gives one to a tenant whose key is being created now (new tenants, the demo included, sign ES256);
 * existing tenants without one keep PS256. {@code ES256} creates the key if missing; {@code PS256} keeps the RSA
 * tenant key. A PKCS#11 tenant key always signs with RSA: the key material stays in the HSM.
 */
public final class UseLicenseSigner {

    /** The license signing key's keystore, in the data directory. */
    public static final String FILE_NAME = "license-signing-key.p12";
    public static final String ALIAS = "license-signing-key";

    private static final System.Logger LOG = System.getLogger(UseLicenseSigner.class.getName());

    /** How use licenses are signed. */
    public enum Choice {
        AUTO, ES256, PS256;

        public static Choice parse(String s) {
            if (s == null || s.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("use-license signing must be auto, ES256 or PS256, got " + s);
            }
        }
    }

    private final PrivateKey privateKey;
    private final String kid;
    private final LicenseSigningKey endorsement;

    private UseLicenseSigner(PrivateKey privateKey, String kid, LicenseSigningKey endorsement) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.kid = kid;
        this.endorsement = endorsement;
    }

    /** Signs with the RSA tenant key (PS256). */
    public static UseLicenseSigner rsa(TenantKeys tenant) {
        return new UseLicenseSigner(tenant.privateKey(), tenant.kid(), null);
    }

    /**
     * The signer for this start.
     *
     * @param software    whether the tenant key is a software keystore (PKCS#11: RSA only)
     * @param newTenantKey whether the tenant key was created in this start
     */
    public static UseLicenseSigner choose(Choice choice, boolean software, boolean newTenantKey, Path dataDirectory,
            char[] password, TenantKeys tenant, String tenantId, Instant now) {
        if (!software) {
            if (choice == Choice.ES256) {
                throw new IllegalArgumentException("use-license signing ES256 needs a software tenant keystore; a"
                        + " PKCS#11 tenant key signs use licenses with RSA (choose auto or PS256)");
            }
            return rsa(tenant);
        }
        if (choice == Choice.PS256) {
            return rsa(tenant);
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        KeyPair pair;
        if (Files.exists(file)) {
            pair = open(file, password, tenant);
        } else if (choice == Choice.ES256 || newTenantKey) {
            pair = create(dataDirectory, file, password, tenant, now);
        } else {
            return rsa(tenant); // an existing tenant keeps RSA until configured for ES256
        }
        try {
            LicenseSigningKey endorsed = LicenseSigningKey.endorse(tenantId, (ECPublicKey) pair.getPublic(),
                    tenant.privateKey(), tenant.kid(), now);
            return new UseLicenseSigner(pair.getPrivate(), endorsed.kid(), endorsed);
        } catch (ProtocolException e) {
            throw new TenantKeyException("the tenant key cannot endorse the license signing key in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static KeyPair create(Path directory, Path file, char[] password, TenantKeys tenant, Instant now) {
        KeyPair pair = Keys.generateP256KeyPair();
        byte[] bytes;
        try {
            Instant from = now.truncatedTo(ChronoUnit.SECONDS);
            // issued by the tenant key: opening the file later proves it belongs to this tenant
            X509Certificate cert = SelfSignedCertificate.create("RMS license signing key " + tenant.kid(),
                    pair.getPublic(), tenant.privateKey(), from, SelfSignedCertificate.NO_EXPIRY);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] {cert});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            bytes = out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new TenantKeyException("cannot create the license signing keystore " + file + ": " + e.getMessage(),
                    e);
        }
        try {
            TenantKeys.writeNewKeystore(directory, file, bytes);
        } catch (FileAlreadyExistsException e) {
            return open(file, password, tenant); // created concurrently: use that one
        } catch (IOException e) {
            throw new TenantKeyException("cannot write the license signing keystore " + file + ": " + e.getMessage(),
                    e);
        }
        LOG.log(System.Logger.Level.INFO, "created license signing key {0} (EC P-256) in {1}",
                Keys.thumbprint(pair.getPublic()), file);
        return pair;
    }

    private static KeyPair open(Path file, char[] password, TenantKeys tenant) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            Key key = ks.getKey(ALIAS, password);
            Certificate cert = ks.getCertificate(ALIAS);
            if (!(key instanceof ECPrivateKey pk) || cert == null || !(cert.getPublicKey() instanceof ECPublicKey pub)) {
                throw new TenantKeyException("the license signing keystore " + file + " has no EC key entry '" + ALIAS
                        + "'");
            }
            try {
                cert.verify(tenant.publicKey());
            } catch (GeneralSecurityException e) {
                throw new TenantKeyException("the license signing key in " + file + " was not issued by the tenant"
                        + " key " + tenant.kid() + ": remove the file (a new one is made) or restore the tenant's", e);
            }
            Keys.checkP256(pub);
            TenantKeys.warnIfReadableByOthers(file);
            return new KeyPair(pub, pk);
        } catch (ProtocolException e) {
            throw new TenantKeyException("the license signing key in " + file + " is not usable: " + e.getMessage(), e);
        } catch (IOException e) {
            if (TenantKeys.isWrongPassword(e)) {
                throw new TenantKeyException("cannot open the license signing keystore " + file
                        + ": the keystore password is wrong", e);
            }
            throw new TenantKeyException("cannot read the license signing keystore " + file + ": " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new TenantKeyException("cannot read the license signing keystore " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** The key that signs use licenses (or an HSM handle to the RSA tenant key). */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The {@code kid} use licenses name: the signing key's thumbprint. */
    public String kid() {
        return kid;
    }

    /** The tenant's endorsement of the EC key, for certification answers; empty when use licenses are RSA-signed. */
    public Optional<LicenseSigningKey> endorsement() {
        return Optional.ofNullable(endorsement);
    }

    /** {@code ES256} or {@code PS256}. */
    public String algorithm() {
        return endorsement != null ? "ES256" : "PS256";
    }

    @Override
    public String toString() {
        return "UseLicenseSigner[" + algorithm() + ", kid=" + kid + "]";
    }
}
