package org.rmsconnector.transport.internal.registration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.commons.files.PrivateFiles;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.SelfSignedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rmsconnector.transport.internal.Secrets;
import org.rmsconnector.transport.internal.TransportSettings;

/**
 * Keeps the connector's credentials at rest: one PKCS#12 file, {@value #FILE_NAME}, in the credentials directory,
 * encrypted and integrity-protected with the configured password (the JDK's PKCS#12: PBES2 with AES-256 for every
 * entry, an HMAC-SHA-256 over the file). It holds two entries:
 * <ul>
 * <li>{@value #KEY_ALIAS}: the connector's RSA private key, with a self-signed certificate {@code CN=<connector id>}
 * (PKCS#12 keeps a private key only with a certificate);</li>
 * <li>{@value #INFO_ALIAS}: a secret entry holding a small JSON document: connector id, name, cloud URL, the pinned
 * tenant public key and the registration time. Inside the file, the password's MAC protects the pin too: nobody
 * without the password can swap the tenant key a node trusts.</li>
 * </ul>
 * The directory is created 700 and the file 600 where the file system has POSIX permissions; the file is written
 * under a temporary name and renamed into place.
 */
public final class ConnectorCredentialStore {

    public static final String FILE_NAME = "connector.p12";
    public static final String KEY_ALIAS = "connector-key";
    public static final String INFO_ALIAS = "connector-info";
    // PKCS#12 keeps arbitrary secrets only as secret-key entries of a known algorithm; the name is just a label
    private static final String INFO_ALGORITHM = "HmacSHA256";
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(365L * 100);
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorCredentialStore.class);

    private final Path dir;
    private final char[] password;

    public ConnectorCredentialStore(Path dir, char[] password) {
        this.dir = dir;
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("a password is required: the connector key is never kept unencrypted");
        }
        this.password = password.clone();
    }

    public Path directory() {
        return dir;
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    public boolean exists() {
        return Files.exists(file());
    }

    /**
     * Loads the credentials.
     *
     * @return empty when there is no file (the connector is not registered yet)
     * @throws CredentialsException naming the file: wrong password, damaged, not readable or incomplete
     */
    public Optional<ConnectorCredentials> load() {
        Path file = file();
        KeyStore ks;
        try {
            byte[] bytes = Files.readAllBytes(file);
            ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new CredentialsException("the connector credentials " + file + " are not readable by this process",
                    e);
        } catch (IOException e) {
            if (Secrets.isWrongPassword(e)) {
                throw new CredentialsException("cannot open the connector credentials " + file + ": the password is"
                        + " wrong (.credentials.password of " + TransportSettings.PID + ")", e);
            }
            throw new CredentialsException("cannot read the connector credentials " + file + ": damaged, or not a"
                    + " PKCS#12 file (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new CredentialsException("cannot read the connector credentials " + file + ": " + e.getMessage(), e);
        }
        if (PrivateFiles.readableByOthers(file)) {
            LOG.warn("the connector credentials {} are readable by other users; restrict them with chmod 600", file);
        }
        try {
            Key key = ks.getKey(KEY_ALIAS, password);
            Certificate cert = ks.getCertificate(KEY_ALIAS);
            Key info = ks.getKey(INFO_ALIAS, password);
            if (!(key instanceof PrivateKey pk) || cert == null || info == null) {
                throw new CredentialsException("the connector credentials " + file + " are incomplete (entries "
                        + KEY_ALIAS + " and " + INFO_ALIAS + " are required)");
            }
            byte[] json = info.getEncoded();
            try {
                return Optional.of(fromInfo(new String(json, StandardCharsets.UTF_8),
                        new KeyPair(cert.getPublicKey(), pk)));
            } finally {
                Arrays.fill(json, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new CredentialsException("cannot read the connector credentials " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes new credentials.
     *
     * @throws CredentialsException when credentials are already there (a registered connector is never replaced
     *         silently: delete the file to register again) or the file cannot be written
     */
    public void create(ConnectorCredentials c) {
        Path file = file();
        if (exists()) {
            throw new CredentialsException("connector credentials already exist in " + file + "; delete the file to"
                    + " register this node again");
        }
        byte[] bytes;
        byte[] info = info(c).getBytes(StandardCharsets.UTF_8);
        try {
            X509Certificate cert = SelfSignedCertificate.create(c.connectorId(), c.publicKey(), c.privateKey(),
                    c.registeredAt(), c.registeredAt().plus(CERTIFICATE_VALIDITY));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            ks.setEntry(KEY_ALIAS, new KeyStore.PrivateKeyEntry(c.privateKey(), new Certificate[] {cert}), protection);
            ks.setEntry(INFO_ALIAS, new KeyStore.SecretKeyEntry(new SecretKeySpec(info, INFO_ALGORITHM)), protection);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            bytes = out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new CredentialsException("cannot encode the connector credentials: " + e.getMessage(), e);
        } finally {
            Arrays.fill(info, (byte) 0);
        }
        try {
            PrivateFiles.write(file, bytes);
        } catch (IOException e) {
            throw new CredentialsException("cannot write the connector credentials " + file + ": " + e.getMessage(), e);
        }
    }

    private static String info(ConnectorCredentials c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ver", 1L);
        m.put("connectorId", c.connectorId());
        m.put("name", c.name());
        m.put("cloudUrl", c.cloudUrl().toString());
        try {
            m.put("tenantKey", JSONObjectUtils.parse(c.tenantKey().toJson()));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        m.put("registeredAt", c.registeredAt().toString());
        return JSONObjectUtils.toJSONString(m);
    }

    private ConnectorCredentials fromInfo(String json, KeyPair pair) {
        try {
            Map<String, Object> m = JSONObjectUtils.parse(json);
            Object tenantKey = m.get("tenantKey");
            if (!(tenantKey instanceof Map<?, ?> jwk)) {
                throw new CredentialsException("the connector credentials " + file() + " hold no pinned tenant key");
            }
            @SuppressWarnings("unchecked")
            String jwkJson = JSONObjectUtils.toJSONString((Map<String, ?>) jwk);
            return new ConnectorCredentials(string(m, "connectorId"), string(m, "name"),
                    URI.create(string(m, "cloudUrl")), pair, PublicJwk.fromJson(jwkJson),
                    Instant.parse(string(m, "registeredAt")));
        } catch (ParseException | ProtocolException | DateTimeParseException | IllegalArgumentException e) {
            throw new CredentialsException("the connector credentials " + file() + " are damaged: " + e.getMessage(),
                    e);
        }
    }

    private String string(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new CredentialsException("the connector credentials " + file() + " lack " + name);
        }
        return s;
    }

    @Override
    public String toString() {
        return "ConnectorCredentialStore[" + file() + "]";
    }

    /** The credentials cannot be read or written; the message says why and names the file. */
    public static final class CredentialsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CredentialsException(String message) {
            super(message);
        }

        CredentialsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
