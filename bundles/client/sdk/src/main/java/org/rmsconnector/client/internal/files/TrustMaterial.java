package org.rmsconnector.client.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Reads the certificates a client trusts (a trust store, and certificate files in PEM, DER or PKCS#12) and opens
 * key stores, with messages that name the file and what is wrong with it. Shared by the SDK's TLS setup and
 * rmsctl's admin client, which turn a {@link Unreadable} into their own exception.
 */
public final class TrustMaterial {

    /** A file that cannot be used; the message names it and says why. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private TrustMaterial() {
    }

    /**
     * An in-memory key store of every certificate in {@code trustStore} (when not null) and in each of
     * {@code certificateFiles}.
     *
     * @param password     opens the trust store and PKCS#12 certificate files; null for none
     * @param passwordName how a wrong password is named to the user ({@code "password"}, or the option it came from)
     * @throws Unreadable a file is missing or unreadable, or all of them together hold no certificate
     */
    public static KeyStore anchors(Path trustStore, List<Path> certificateFiles, char[] password,
            String passwordName) throws Unreadable {
        List<Certificate> all = new ArrayList<>();
        if (trustStore != null) {
            all.addAll(certificates(open(trustStore, password, "trust store", passwordName), trustStore));
        }
        for (Path file : certificateFiles) {
            all.addAll(certificateFile(file, password, passwordName));
        }
        if (all.isEmpty()) {
            throw new Unreadable("the trust store and certificates given hold no certificate to trust", null);
        }
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            for (int i = 0; i < all.size(); i++) {
                anchors.setCertificateEntry("trusted-" + i, all.get(i));
            }
            return anchors;
        } catch (GeneralSecurityException | IOException e) {
            throw new Unreadable("cannot set up the trust anchors: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the key store {@code file} (PKCS#12 or JKS), which must exist.
     *
     * @param what         what the file is, for the message ({@code "trust store"}, {@code "client certificate"})
     * @param passwordName how a wrong password is named to the user
     */
    public static KeyStore open(Path file, char[] password, String what, String passwordName) throws Unreadable {
        if (!Files.isRegularFile(file)) {
            throw new Unreadable("the " + what + " " + file + " does not exist", null);
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException caused by UnrecoverableKeyException.
            String why = e.getCause() instanceof UnrecoverableKeyException
                    ? "wrong " + passwordName + ", or not a key store" : e.getMessage();
            throw new Unreadable("cannot open the " + what + " " + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new Unreadable("cannot open the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    // PEM (one or more certificates) or DER first; a PKCS#12 file of certificates otherwise.
    private static List<Certificate> certificateFile(Path file, char[] password, String passwordName)
            throws Unreadable {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (!certs.isEmpty()) {
                return new ArrayList<>(certs);
            }
        } catch (NoSuchFileException e) {
            throw new Unreadable("trust certificate " + file + " does not exist", e);
        } catch (IOException e) {
            throw new Unreadable("cannot read trust certificate " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            // not PEM or DER: a PKCS#12 file, tried below
        }
        KeyStore ks = open(file, password == null ? new char[0] : password, "trust certificate", passwordName);
        return certificates(ks, file);
    }

    private static List<Certificate> certificates(KeyStore ks, Path file) throws Unreadable {
        List<Certificate> out = new ArrayList<>();
        try {
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c != null) {
                    out.add(c);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new Unreadable("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
