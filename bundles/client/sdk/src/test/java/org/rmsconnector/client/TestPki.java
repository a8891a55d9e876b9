package org.rmsconnector.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed server certificates made with the JDK's keytool, as an administrator would: {@code localhost}
 * (names localhost and 127.0.0.1, like the demo's) and {@code other} (names other.example only).
 */
public final class TestPki {

    public static final char[] PASSWORD = "changeit".toCharArray();
    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Makes both certificates in {@code dir}. */
    public static TestPki create(Path dir) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        pki.server("localhost", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        pki.server("other", "CN=other.example", "SAN=dns:other.example");
        return pki;
    }

    /** The PEM of certificate {@code name}, for --trust-cert. */
    public Path pem(String name) {
        return dir.resolve(name + ".pem");
    }

    /** The PKCS#12 key store of {@code name} (password changeit), also usable as --trust-store. */
    public Path keyStore(String name) {
        return dir.resolve(name + ".p12");
    }

    /** A server TLS context presenting certificate {@code name}. */
    public SSLContext serverContext(String name) throws Exception {
        KeyStore keys = KeyStore.getInstance(keyStore(name).toFile(), PASSWORD);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private void server(String name, String dname, String san) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-ext", san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", name + ".p12", "-storepass", "changeit",
                "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", name + ".p12", "-storepass", "changeit",
                "-file", name + ".pem");
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finishes");
        assertEquals(0, p.exitValue(), () -> "keytool " + args[0] + ": " + read(log));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
