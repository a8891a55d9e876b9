package org.rmsconnector.tls.refusals.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made once per test run with the JDK's keytool: a client CA the listener trusts, one it does not, a
 * server certificate, and client certificates (all for one key pair) that are good, expired, not yet valid, issued
 * by the other CA, or for server authentication only.
 */
final class TestPki {
    static final String PASSWORD = "test-store-pin";
    private static final long KEYTOOL_DEADLINE_SECONDS = 60;
    private static TestPki instance;

    final Path dir;
    final X509Certificate ca;
    final X509Certificate rogueCa;
    final X509Certificate good;
    final X509Certificate expired;
    final X509Certificate notYetValid;
    final X509Certificate untrusted;
    final X509Certificate wrongUsage;
    final Path serverKeyStore;
    final Path clientTrustStore;
    private final PrivateKey clientKey;

    static synchronized TestPki get() throws Exception {
        if (instance == null) {
            instance = new TestPki(Files.createTempDirectory(Files.createDirectories(Path.of("target")),
                    "test-pki-"));
        }
        return instance;
    }

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        ca = newCa("ca.p12", "CN=RMS Test Client CA,O=RMS Connector Tests");
        rogueCa = newCa("rogue.p12", "CN=Somebody Else's CA,O=Elsewhere");
        keytool("-genkeypair", "-keystore", path("server.p12"), "-storepass", PASSWORD, "-storetype", "PKCS12",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-startdate", "-1d", "-validity", "30");
        serverKeyStore = dir.resolve("server.p12");
        keytool("-genkeypair", "-keystore", path("client.p12"), "-storepass", PASSWORD, "-storetype", "PKCS12",
                "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=placeholder",
                "-validity", "1");
        keytool("-certreq", "-keystore", path("client.p12"), "-storepass", PASSWORD, "-alias", "client", "-file",
                path("client.csr"));
        KeyStore store = load(dir.resolve("client.p12"));
        clientKey = (PrivateKey) store.getKey("client", PASSWORD.toCharArray());
        good = issue("ca.p12", "CN=exch01.contoso.com,O=Contoso", "-1d", 30, "eku=clientAuth");
        expired = issue("ca.p12", "CN=expired.contoso.com,O=Contoso", "-20d", 10, "eku=clientAuth");
        notYetValid = issue("ca.p12", "CN=future.contoso.com,O=Contoso", "+5d", 10, "eku=clientAuth");
        untrusted = issue("rogue.p12", "CN=rogue.contoso.com,O=Contoso", "-1d", 30, "eku=clientAuth");
        wrongUsage = issue("ca.p12", "CN=web.contoso.com,O=Contoso", "-1d", 30, "eku=serverAuth");
        clientTrustStore = trustStore("clients.p12", ca);
    }

    private X509Certificate newCa(String file, String dname) throws Exception {
        keytool("-genkeypair", "-keystore", path(file), "-storepass", PASSWORD, "-storetype", "PKCS12", "-alias",
                "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-startdate", "-30d", "-validity",
                "400", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign");
        keytool("-exportcert", "-keystore", path(file), "-storepass", PASSWORD, "-alias", "ca", "-file",
                path(file + ".cer"));
        return read(dir.resolve(file + ".cer"));
    }

    private X509Certificate issue(String issuer, String dname, String start, int days, String... extensions)
            throws Exception {
        String out = path(dname.substring(3, dname.indexOf(',')) + ".cer");
        List<String> args = new ArrayList<>(List.of("-gencert", "-keystore", path(issuer), "-storepass", PASSWORD,
                "-alias", "ca", "-infile", path("client.csr"), "-outfile", out, "-dname", dname, "-startdate", start,
                "-validity", Integer.toString(days)));
        for (String ext : extensions) {
            args.add("-ext");
            args.add(ext);
        }
        keytool(args.toArray(String[]::new));
        return read(Path.of(out));
    }

    /** A PKCS#12 key store with the client key and this certificate (and its issuer), for a TLS client. */
    KeyStore clientKeyStore(X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        X509Certificate issuer = certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) ? ca
                : rogueCa;
        store.setKeyEntry("client", clientKey, PASSWORD.toCharArray(), new Certificate[] {certificate, issuer});
        return store;
    }

    /** A trust store of the given certificates. */
    Path trustStore(String name, X509Certificate... certificates) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : certificates) {
            store.setCertificateEntry("trusted-" + (i++), c);
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.add("-noprompt");
        Path log = dir.resolve("keytool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close(); // -noprompt: keytool must never wait for input
        if (!process.waitFor(KEYTOOL_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within " + KEYTOOL_DEADLINE_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n"
                    + Files.readString(log));
        }
    }
}
