package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.h2.jdbcx.JdbcDataSource;
import org.rmsconnector.cloud.api.CloudAdmin;
import org.rmsconnector.cloud.api.CloudAuthenticator;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.api.CloudOperations;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.service.internal.CloudAdminImpl;
import org.rmsconnector.cloud.service.internal.CloudServiceAssembly;
import org.rmsconnector.cloud.service.internal.http.AdminServlet;
import org.rmsconnector.cloud.service.internal.http.ChannelSessionServlet;
import org.rmsconnector.cloud.service.internal.http.CloudServlet;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.JdbcTxRunner;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.transport.internal.forwarding.ChannelSessionKeeper;
import org.rmsconnector.transport.internal.registration.ConnectorRegistration;

/**
 * The real cloud service for the integration tests: the demo tenant assembled as the OSGi component does (H2 on a
 * temporary folder, a software tenant keystore), its real servlets in an embedded Jetty 12 on a free loopback port,
 * HTTPS only (TLS 1.3/1.2, HTTP/2 and HTTP/1.1 by ALPN) with a self-signed certificate. It can be stopped and
 * started again on the same port, as an outage would.
 *
 * <p>The administration API is served by a {@link CloudAdminImpl} that holds the tenant key, so the
 * authorized-servers answers are signed and registration names the tenant key (the assembly's own admin does that
 * once it is handed the key).
 */
public final class TestCloud implements AutoCloseable {

    public static final String ADMIN = "admin@contoso.com";
    public static final String ADMIN_PASSWORD = "admin-pw";
    private static final char[] KEYSTORE_PASSWORD = "tenant-keystore-secret".toCharArray();

    final Path dir;
    final Path keystore;
    final CloudServiceAssembly.Services services;
    final TenantKeys tenantKeys;
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final CloudAdmin admin;
    private final HttpClient client;
    private final int port;
    private Server server;
    /** Requests the cloud served, and how many of them carried proxy credentials (none ever should). */
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger proxyCredentialsSeen = new AtomicInteger();
    /** The form of each forwarded call's actor assertion: {@code session} (HS256) or {@code signed}. */
    final java.util.List<String> actorForms = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Channel sessions asked for. */
    final AtomicInteger sessionsOpened = new AtomicInteger();
    private volatile CloudAuthenticator authenticator;
    /** The HTTP versions requests arrived with. */
    final java.util.Set<String> httpVersions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TestCloud(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        // async: the file store survives a thread interrupted mid-read (Jetty interrupts a long-poll when it stops)
        dataSource.setURL("jdbc:h2:async:" + dir.resolve("db/cloud").toAbsolutePath() + ";LOCK_TIMEOUT=10000");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        Path data = dir.resolve("data");
        services = CloudServiceAssembly.start(new JdbcTxRunner(dataSource), data, KEYSTORE_PASSWORD, "unused",
                Clock.systemUTC(), true, Map.of(ADMIN, ADMIN_PASSWORD, "alice@contoso.com", "alice-pw"));
        tenantKeys = TenantKeys.open(data, KEYSTORE_PASSWORD);
        admin = new CloudAdminImpl(services.store(), tenantKeys, Clock.systemUTC(), "1.0", Duration.ofMillis(250));
        keystore = TestTls.serverKeystore(dir.resolve("tls.p12"));
        port = TestTls.freePort();
        client = HttpClient.newBuilder().sslContext(HttpClients.sslContext(keystore, TestTls.PASSWORD))
                .sslParameters(HttpClients.sslParameters()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Assembles the service in {@code dir} and starts serving it. */
    public static TestCloud start(Path dir) throws Exception {
        TestCloud c = new TestCloud(dir);
        c.startServer();
        return c;
    }

    public URI base() {
        return URI.create("https://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public PublicJwk tenantKey() {
        return services.tenantKey();
    }

    /** Forgets every channel session, as a restart of the service would. */
    public void forgetSessions() throws java.sql.SQLException {
        // sessions live in the database every cloud node shares; a cloud that forgot them has neither copy
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM channel_session");
        }
        authenticator = new org.rmsconnector.cloud.service.internal.CloudAuthenticatorImpl(services.store(),
                tenantKeys, Clock.systemUTC());
    }

    /** A file holding the demo administrator's password, as the distribution keeps it. */
    public Path adminPasswordFile() throws IOException {
        Path f = dir.resolve("admin.password");
        if (!Files.exists(f)) {
            Files.writeString(f, ADMIN_PASSWORD + "\n");
        }
        return f;
    }

    public synchronized void startServer() throws Exception {
        if (server != null) {
            return;
        }
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        Backend backend = new Backend();
        context.addServlet(new ServletHolder(new CloudServlet(backend)), "/_wmcs/certification/*");
        context.addServlet(new ServletHolder(new CloudServlet(backend)), "/_wmcs/licensing/*");
        context.addServlet(new ServletHolder(new AdminServlet(backend)), "/_wmcs/admin/*");
        context.addServlet(new ServletHolder(new ChannelSessionServlet(backend)), ChannelSessionKeeper.PATH);
        server = TlsJetty.start(keystore, port, new Handler.Wrapper(context) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                requests.incrementAndGet();
                String path = request.getHttpURI().getPath();
                String authorization = request.getHeaders().get("Authorization");
                if (path.equals(ChannelSessionKeeper.PATH)) {
                    sessionsOpened.incrementAndGet();
                } else if (!path.startsWith("/_wmcs/admin") && authorization != null
                        && authorization.startsWith("RMS-Actor ")) {
                    actorForms.add(org.rmsconnector.channel.ActorAssertion.sessionIdOf(
                            authorization.substring("RMS-Actor ".length())) != null ? "session" : "signed");
                }
                httpVersions.add(request.getConnectionMetaData().getHttpVersion().asString());
                if (request.getHeaders().contains("Proxy-Authorization")) {
                    proxyCredentialsSeen.incrementAndGet();
                }
                return super.handle(request, response, callback);
            }
        });
    }

    /** Stops serving: connections are refused until {@link #startServer()}. */
    public synchronized void stopServer() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    // ---- the administration API, over HTTPS as admin@contoso.com ----------------------------------------------

    public HttpResponse<String> adminCall(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/_wmcs/admin/" + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", CloudHttp.basic(ADMIN, ADMIN_PASSWORD.toCharArray()))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Adds an authorized-servers entry; returns the new list version. */
    public long authorize(String account, String kind, String role) throws Exception {
        HttpResponse<String> r = adminCall("POST", "authorized-servers", "{\"account\":\""
                + account.replace("\\", "\\\\") + "\",\"kind\":\"" + kind + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return ((Number) json(r.body()).get("version")).longValue();
    }

    /** Removes an entry; returns the new list version. */
    public long remove(String account) throws Exception {
        HttpResponse<String> r = adminCall("DELETE", "authorized-servers?account="
                + java.net.URLEncoder.encode(account, StandardCharsets.UTF_8), null);
        assertEquals(200, r.statusCode(), r.body());
        return ((Number) json(r.body()).get("version")).longValue();
    }

    public static Map<String, Object> json(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopServer();
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    /** The service as the servlets see it (the OSGi component's role). */
    private final class Backend implements CloudBackend {
        @Override
        public CloudOperations operations() {
            return services.operations();
        }

        @Override
        public CloudAuthenticator authenticator() {
            CloudAuthenticator a = authenticator;
            return a != null ? a : services.authenticator();
        }

        @Override
        public CloudAdmin admin() {
            return admin;
        }

        // no @Override: the interface gains and loses this while the cloud bundle evolves
        public CloudStore store() {
            return services.store();
        }

        @Override
        public String publicUrl() {
            return "";
        }
    }
}
