package org.rmsconnector.rmsctl;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.service.internal.CloudServiceAssembly;
import org.rmsconnector.cloud.service.internal.http.AdminServlet;
import org.rmsconnector.cloud.service.internal.http.CloudServlet;
import org.rmsconnector.cloud.store.JdbcTxRunner;

/**
 * The real cloud service for rmsctl's end-to-end tests, as the transport's TestCloud runs it: the demo tenant
 * assembled as the OSGi component does (H2 in a temporary folder, a software tenant keystore), its real servlets in
 * an embedded Jetty 12 over TLS on a free loopback port, with a self-signed certificate that rmsctl trusts with
 * {@code --trust-cert}.
 */
final class RealCloud implements AutoCloseable {

    static final Map<String, String> PASSWORDS = Map.of("alice@contoso.com", "alice-pw", "bob@contoso.com", "bob-pw",
            "carol@contoso.com", "carol-pw", "admin@contoso.com", "admin-pw");
    private static final String TLS_PASSWORD = "tls-secret";

    private final Path dir;
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final CloudServiceAssembly.Services services;
    private final Server server;
    private final int port;
    /** The server certificate, PEM: what {@code --trust-cert} takes. */
    final Path certificate;

    private RealCloud(Path dir) throws Exception {
        this.dir = dir;
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db/cloud").toAbsolutePath() + ";LOCK_TIMEOUT=10000");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        services = CloudServiceAssembly.start(new JdbcTxRunner(dataSource), dir.resolve("data"),
                "tenant-keystore-secret".toCharArray(), "unused", Clock.systemUTC(), true, PASSWORDS);
        Path keystore = dir.resolve("tls.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost, O=RMS rmsctl test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", TLS_PASSWORD,
                "-keypass", TLS_PASSWORD);
        certificate = dir.resolve("tls.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                TLS_PASSWORD, "-file", certificate.toString());
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new Server();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toString());
        ssl.setKeyStorePassword(TLS_PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        CloudBackend backend = services.backend("");
        context.addServlet(new ServletHolder(new CloudServlet(backend)), "/_wmcs/certification/*");
        context.addServlet(new ServletHolder(new CloudServlet(backend)), "/_wmcs/licensing/*");
        context.addServlet(new ServletHolder(new AdminServlet(backend)), "/_wmcs/admin/*");
        server.setHandler(context);
        server.start();
    }

    static RealCloud start(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new RealCloud(dir);
    }

    URI uri() {
        return URI.create("https://127.0.0.1:" + port);
    }

    /** A file holding {@code upn}'s demo password. */
    Path passwordFile(String upn) throws IOException {
        Path f = dir.resolve(upn + ".password");
        if (!Files.exists(f)) {
            Files.writeString(f, PASSWORDS.get(upn) + "\n");
        }
        return f;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
            services.close();
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
