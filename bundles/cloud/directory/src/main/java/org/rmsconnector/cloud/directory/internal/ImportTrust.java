package org.rmsconnector.cloud.directory.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom the import trusts for LDAPS and StartTLS: the directory's CA from a configured trust store — a domain
 * controller's certificate is usually issued by the organisation's own CA, which no JVM trusts — or else the Java
 * runtime's CAs. Host names are verified either way ({@link LdapDirectoryImport}).
 *
 * @param path     PKCS#12 or JKS file ({@code .jks}); null or blank for the Java runtime's CAs
 * @param password its password; may be empty
 */
record ImportTrust(String path, String password) {

    /**
     * The socket factory for one import. Built again for each import, so a trust store replaced on disk (a CA
     * renewed) is used from the next import without a restart.
     *
     * @throws DirectoryImportException when the file is missing or unreadable, or its password is wrong
     */
    SSLSocketFactory sockets() throws DirectoryImportException {
        if (path == null || path.isBlank()) {
            try {
                return SSLContext.getDefault().getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new DirectoryImportException("no default TLS context: " + e.getMessage(), e);
            }
        }
        File file = new File(path.trim());
        if (!file.isFile() || !file.canRead()) {
            throw new DirectoryImportException("tls.truststore.path " + file + " is not a readable file", null);
        }
        String type = file.getName().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        try (InputStream in = Files.newInputStream(file.toPath())) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? new char[0] : password.toCharArray());
            if (store.size() == 0) {
                throw new DirectoryImportException("tls.truststore.path " + file + " holds no certificate", null);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            // a wrong password shows as an IOException from load
            throw new DirectoryImportException("cannot use tls.truststore.path " + file + " (" + type + "; is"
                    + " .tls.truststore.password right?): " + e.getMessage(), e);
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ImportTrust[" + (path == null || path.isBlank() ? "the Java runtime's CAs" : path.trim()) + "]";
    }
}
