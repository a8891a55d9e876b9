package org.rmsconnector.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A connector node's home folder for a test: {@code etc/} as the distribution ships it but with free ports,
 * {@code data/}, {@code deploy/}, {@code log/}. Lives under {@code itests/target/work}, so {@code mvn clean} removes it.
 */
final class NodeHome {
    final Path home;
    final int httpPort;
    final int httpsPort;
    final int cloudPort;

    private NodeHome(Path home, int httpPort, int httpsPort, int cloudPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.cloudPort = cloudPort;
    }

    static Path root() {
        return Paths.get(System.getProperty("rms.root", "..")).toAbsolutePath().normalize();
    }

    static Path work() throws IOException {
        Path work = Paths.get(System.getProperty("rms.itest.work", "target/work")).toAbsolutePath();
        Files.createDirectories(work);
        return work;
    }

    /** A home with the distribution's etc/ on free ports; secrets and keystore created as the start script would. */
    static NodeHome forFramework(String name) throws IOException {
        Path home = Files.createTempDirectory(work(), name + "-");
        copyTree(root().resolve("distribution/src/main/dist/etc"), home.resolve("etc"));
        for (String dir : new String[] {"data", "deploy", "log"}) {
            Files.createDirectories(home.resolve(dir));
        }
        NodeHome node = onFreePorts(home);
        node.createSecrets();
        return node;
    }

    /** Points an existing home's listeners (connector HTTP and HTTPS, cloud service) at free ports. */
    static NodeHome onFreePorts(Path home) throws IOException {
        int http = freePort();
        int https = freePort();
        int cloud = freePort();
        replace(home.resolve("etc/org.apache.felix.http.cfg"), "org.osgi.service.http.port=8080",
                "org.osgi.service.http.port=" + http);
        replace(home.resolve("etc/org.apache.felix.http.cfg"), "org.osgi.service.http.port.secure=8443",
                "org.osgi.service.http.port.secure=" + https);
        for (String file : new String[] {"etc/org.apache.felix.http-cloud.cfg", "etc/cloud/org.apache.felix.http.cfg"}) {
            replace(home.resolve(file), "org.osgi.service.http.port.secure=8444",
                    "org.osgi.service.http.port.secure=" + cloud);
        }
        Path transport = home.resolve("etc/org.rmsconnector.transport.cfg");
        if (Files.exists(transport)) {
            replace(transport, "cloud.url=https://127.0.0.1:8444", "cloud.url=https://127.0.0.1:" + cloud);
        }
        return new NodeHome(home, http, https, cloud);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IOException(file + " no longer contains '" + from + "': update the test");
        }
        Files.writeString(file, text.replace(from, to));
    }

    private void createSecrets() throws IOException {
        Path data = home.resolve("data");
        Files.writeString(data.resolve("console-password"), randomSecret());
        Files.writeString(data.resolve("cloud-keystore-password"), randomSecret());
        Files.writeString(data.resolve("connector-credentials-password"), randomSecret());
        String tlsPassword = randomSecret();
        Files.writeString(data.resolve("tls-password"), tlsPassword);
        Files.createDirectories(data.resolve("tls"));
        // the trust store for client certificates, empty as on a new install without the demo
        try (var out = Files.newOutputStream(data.resolve("tls/clients.p12"))) {
            java.security.KeyStore clients = java.security.KeyStore.getInstance("PKCS12");
            clients.load(null, null);
            clients.store(out, tlsPassword.toCharArray());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "connector", "-keyalg",
                "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                data.resolve("tls/connector.p12").toString(), "-storepass", tlsPassword, "-keypass", tlsPassword)
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * An HTTP client that trusts exactly the node's own certificate (from {@code data/tls/}), as an administrator's
     * client would after importing it: no trust-all anywhere in the tests.
     */
    static java.net.http.HttpClient trustingClient(Path home) throws Exception {
        java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(home.resolve("data/tls-password")).trim().toCharArray();
        try (var in = Files.newInputStream(home.resolve("data/tls/connector.p12"))) {
            keyStore.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return java.net.http.HttpClient.newBuilder().sslContext(ssl).connectTimeout(java.time.Duration.ofSeconds(5))
                .build();
    }

    /** Writes an empty bundle next to its final name and moves it in, as an administrator's copy should. */
    static void writeBundle(Path jar, String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
        try (var out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
