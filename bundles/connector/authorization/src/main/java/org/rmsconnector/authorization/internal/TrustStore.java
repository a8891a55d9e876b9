package org.rmsconnector.authorization.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import org.rmsconnector.api.auth.AuthenticationException;

/**
 * The certificates a client certificate must chain to, read from a PKCS#12 or JKS file and read again when the file
 * changes, so a new CA certificate takes effect without restarting anything.
 */
final class TrustStore {

    /** What was read, and from which version of the file. */
    private record Loaded(FileTime modified, long size, Set<TrustAnchor> anchors, Set<X509Certificate> certificates) {
    }

    private final Path path;
    private final String type;
    private final char[] password;
    private final String pid;
    private Loaded loaded;

    TrustStore(String path, String type, String password, String pid) {
        this.path = path == null || path.isBlank() ? null : Path.of(path.trim());
        this.type = type == null || type.isBlank() ? "PKCS12" : type.trim();
        this.password = password == null ? new char[0] : password.toCharArray();
        this.pid = pid;
    }

    boolean configured() {
        return path != null;
    }

    String describe() {
        return path == null ? "(none)" : path.toString();
    }

    /** The trust anchors as the file holds them now. */
    synchronized Set<TrustAnchor> anchors() throws AuthenticationException {
        return current().anchors();
    }

    /** Whether this exact certificate is in the trust store (a pinned server certificate rather than a CA). */
    synchronized boolean contains(X509Certificate certificate) throws AuthenticationException {
        return current().certificates().contains(certificate);
    }

    private Loaded current() throws AuthenticationException {
        if (path == null) {
            throw new AuthenticationException("a client certificate was presented but no trust store is configured;"
                    + " set truststore.path in configuration " + pid + " to the CA certificates of your servers");
        }
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (loaded == null || !loaded.modified().equals(modified) || loaded.size() != size) {
                loaded = load(modified, size);
            }
            return loaded;
        } catch (IOException | GeneralSecurityException e) {
            throw new AuthenticationException("the client-certificate trust store " + path + " cannot be read ("
                    + e.getMessage() + "); check truststore.path, truststore.type and truststore.password in"
                    + " configuration " + pid, e);
        }
    }

    private Loaded load(FileTime modified, long size) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        Set<X509Certificate> certificates = new HashSet<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate c = store.getCertificate(alias);
            if (c instanceof X509Certificate x509) {
                anchors.add(new TrustAnchor(x509, null));
                certificates.add(x509);
            }
        }
        if (anchors.isEmpty()) {
            throw new GeneralSecurityException("it holds no certificate");
        }
        return new Loaded(modified, size, Set.copyOf(anchors), Set.copyOf(certificates));
    }
}
