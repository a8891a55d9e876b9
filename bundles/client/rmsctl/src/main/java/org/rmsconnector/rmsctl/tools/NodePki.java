package org.rmsconnector.rmsctl.tools;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Creates a node's certificates on first start, in one JVM instead of a dozen keytool processes (which made a first
 * start take over ten seconds): the self-signed HTTPS certificate, the trust store for client certificates, and on
 * a demo install a small certificate authority with TLS client certificates for one Exchange, one SharePoint and
 * one FCI server. It drives the JDK's own keytool in-process, so the certificates are exactly what keytool makes.
 * <p>
 * Usage: {@code NodePki <data folder> [--tls] [--clients] [--demo]}; run by {@code lib/launch.sh} with
 * {@code --add-exports java.base/sun.security.tools.keytool=ALL-UNNAMED}. Each step is skipped when its result
 * exists.
 */
public final class NodePki {
    private static final List<String> DEMO_SERVERS = List.of("EXCH01", "SP01", "FS01");

    private final Path data;
    private final Method keytool;

    private NodePki(Path data) throws ReflectiveOperationException {
        this.data = data;
        this.keytool = Class.forName("sun.security.tools.keytool.Main").getMethod("main", String[].class);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: NodePki <data folder> [--tls] [--clients] [--demo]");
            System.exit(2);
        }
        NodePki pki = new NodePki(Paths.get(args[0]));
        List<String> steps = List.of(args).subList(1, args.length);
        if (steps.contains("--tls")) {
            pki.tls();
        }
        if (steps.contains("--demo")) {
            pki.demo();
        }
        if (steps.contains("--clients")) {
            pki.emptyClientTrustStore();
        }
    }

    /** The node's self-signed HTTPS certificate, for localhost and this host's name. */
    private void tls() throws Exception {
        Path store = data.resolve("tls/connector.p12");
        if (nonEmpty(store)) {
            return;
        }
        ownerOnlyDirectory(data.resolve("tls"));
        Path password = secret(data.resolve("tls-password"));
        String host = hostName();
        keytool("-genkeypair", "-alias", "connector", "-keyalg", "RSA", "-keysize", "3072", "-validity", "825",
                "-dname", "CN=" + host + ", O=RMS Connector (self-signed)",
                "-ext", "SAN=dns:localhost,dns:" + host + ",ip:127.0.0.1,ip:0:0:0:0:0:0:0:1",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:file", password.toString(), "-keypass:file", password.toString());
        ownerOnly(store);
        System.out.println("created a self-signed HTTPS certificate for " + host + " in " + store);
        System.out.println("  (replace it with one for the load-balanced name: see README, Configuration)");
    }

    /** The trust store for on-premises servers' client certificates, empty until the operator imports a CA. */
    private void emptyClientTrustStore() throws Exception {
        Path store = data.resolve("tls/clients.p12");
        if (nonEmpty(store)) {
            return;
        }
        ownerOnlyDirectory(data.resolve("tls"));
        char[] password = Files.readString(data.resolve("tls-password")).strip().toCharArray();
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        try (var out = Files.newOutputStream(store)) {
            empty.store(out, password);
        }
        ownerOnly(store);
    }

    /** The demo CA and client certificates under {@code demo/}; the CA goes into {@code tls/clients.p12}. */
    private void demo() throws Exception {
        Path demo = data.resolve("demo");
        if (nonEmpty(demo.resolve("ca.pem"))) {
            return;
        }
        ownerOnlyDirectory(demo);
        Path pw = secret(data.resolve("demo-password"));
        Path tlsPw = secret(data.resolve("tls-password"));
        Path ca = demo.resolve("ca.p12");
        Path caPem = demo.resolve("ca.pem");
        Files.deleteIfExists(ca);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "3072", "-validity", "825",
                "-dname", "CN=RMS Connector Demo CA, O=Contoso (demo)", "-ext", "bc:c",
                "-storetype", "PKCS12", "-keystore", ca.toString(), "-storepass:file", pw.toString(),
                "-keypass:file", pw.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass:file", pw.toString(),
                "-file", caPem.toString());
        keytool("-importcert", "-noprompt", "-alias", "demo-ca", "-file", caPem.toString(), "-storetype", "PKCS12",
                "-keystore", data.resolve("tls/clients.p12").toString(), "-storepass:file", tlsPw.toString());
        for (String host : DEMO_SERVERS) {
            String name = host.toLowerCase(Locale.ROOT) + ".contoso.com";
            Path store = demo.resolve(host + ".p12");
            Path csr = demo.resolve(host + ".csr");
            Path pem = demo.resolve(host + ".pem");
            Files.deleteIfExists(store);
            keytool("-genkeypair", "-alias", host, "-keyalg", "RSA", "-keysize", "2048", "-validity", "825",
                    "-dname", "CN=" + name + ", O=Contoso (demo)", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass:file", pw.toString(), "-keypass:file", pw.toString());
            keytool("-certreq", "-alias", host, "-keystore", store.toString(), "-storepass:file", pw.toString(),
                    "-file", csr.toString());
            keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass:file", pw.toString(),
                    "-validity", "825", "-ext", "SAN=dns:" + name, "-ext", "KU=digitalSignature,keyEncipherment",
                    "-ext", "EKU=clientAuth", "-infile", csr.toString(), "-outfile", pem.toString());
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                    "-keystore", store.toString(), "-storepass:file", pw.toString());
            keytool("-importcert", "-noprompt", "-alias", host, "-file", pem.toString(),
                    "-keystore", store.toString(), "-storepass:file", pw.toString());
            Files.delete(csr);
            ownerOnly(store);
        }
        ownerOnly(ca);
        System.out.println("created demo client certificates for " + String.join(", ", DEMO_SERVERS) + " in " + demo
                + " (password in " + pw + ")");
    }

    /** Runs keytool quietly; what it printed is shown only when it fails. */
    private void keytool(String... args) throws Exception {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            keytool.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            err.print(said.toString(java.nio.charset.StandardCharsets.UTF_8));
            throw new IOException("keytool " + args[0] + " failed: " + e.getCause(), e.getCause());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path secret(Path file) throws IOException {
        if (!nonEmpty(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            ownerOnly(file);
        }
        return file;
    }

    private static boolean nonEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void ownerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder keeps its defaults
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
