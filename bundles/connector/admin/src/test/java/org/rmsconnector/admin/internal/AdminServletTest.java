package org.rmsconnector.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckMetadata;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.admin.AdministratorLogin;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.AuthorizedServer.Kind;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.Configs;

/** The admin API through a real Jetty 12, on HTTPS and plain HTTP, with small in-test services behind it. */
class AdminServletTest {
    static final String USER = "admin";
    static final String PASSWORD = "correct horse battery";
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    @TempDir
    static Path tls;
    static Server jetty;
    static HttpClient client;
    static URI https;
    static URI http;
    static volatile AdminServlet servlet;

    @TempDir
    Path home;
    Path deploy;
    MemoryConfigAdmin cm;
    /** When positive, the fake login answers that the caller must wait this long. */
    Duration throttled = Duration.ZERO;
    final AdministratorLogin login = (authorization, source) -> {
        if (throttled.compareTo(Duration.ZERO) > 0) {
            return AdministratorLogin.Outcome.throttled(throttled);
        }
        return (basic(USER, PASSWORD)).equals(authorization) ? AdministratorLogin.Outcome.accepted(USER)
                : AdministratorLogin.Outcome.refused("wrong user or password");
    };
    TestCloud cloud;
    List<String> searches;
    List<String> eventQueries;
    List<HealthCheckExecutionResult> doctorResults;

    @BeforeAll
    static void startJetty() throws Exception {
        Path keystore = Keytool.selfSigned(tls, "jetty.p12", "CN=localhost", "dns:localhost,ip:127.0.0.1", null, 30);
        Server server = new Server();
        HttpConfiguration secureConfig = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        secureConfig.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toString());
        ssl.setKeyStorePassword(Keytool.PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        ServerConnector tlsConnector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(secureConfig));
        tlsConnector.setHost("127.0.0.1");
        ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration()));
        plain.setHost("127.0.0.1");
        server.addConnector(tlsConnector);
        server.addConnector(plain);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        // the servlet is replaced for each test; Jetty calls this delegate, which forwards to the current one
        context.addServlet(new ServletHolder(new jakarta.servlet.http.HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                servlet.service(req, resp);
            }
        }), "/admin/api/*");
        server.setHandler(context);
        server.start();
        jetty = server;
        https = URI.create("https://127.0.0.1:" + tlsConnector.getLocalPort());
        http = URI.create("http://127.0.0.1:" + plain.getLocalPort());

        KeyStore stores = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            stores.load(in, Keytool.PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("jetty", stores.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context2 = SSLContext.getInstance("TLS");
        context2.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(context2).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stopJetty() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        deploy = Files.createDirectory(home.resolve("deploy"));
        cm = new MemoryConfigAdmin();
        AdminConfiguration config = Configs.of(AdminConfiguration.class, Map.of("loadBalancedUrl", "https://rmsconnector.contoso.com"));
        AdminServlet s = new AdminServlet(login, "node-7", "1.0.0", Clock.fixed(NOW, ZoneOffset.UTC), config);
        cloud = new TestCloud();
        s.cloud = cloud;
        s.policies = () -> Optional.of(new AuthorizationPolicy(12, List.of(new AuthorizedServer("CONTOSO\\EXCH01$",
                Kind.COMPUTER, Workload.EXCHANGE), new AuthorizedServer("SP Servers", Kind.GROUP,
                        Workload.SHAREPOINT)), "jws", NOW.minusSeconds(90), false));
        s.statistics = statistics();
        searches = new ArrayList<>();
        s.directory = (text, limit) -> {
            searches.add(text + " " + limit);
            if (text.equals("down")) {
                throw new AdminException(AdminException.Reason.UNAVAILABLE, "the directory cannot be reached");
            }
            return List.of(new DirectoryEntry("EXCH01$", Kind.COMPUTER, "Exchange 1",
                    "CN=EXCH01,OU=Servers,DC=contoso,DC=com"));
        };
        eventQueries = new ArrayList<>();
        s.events = (limit, id, level, text) -> {
            eventQueries.add(limit + " " + id + " " + level + " " + text);
            return List.of(new RecordedEvent(9, NOW, 2001, ConnectorEvent.Level.WARNING, "unauthorized <access>",
                    Map.of("account", "EVIL$", "workload", "exchange")));
        };
        WorkloadControlService control = new WorkloadControlService(cm.service(),
                Map.of(WorkloadControlService.FILEINSTALL_DIR, deploy.toString())::get, () -> new org.osgi.framework
                        .Bundle[0], config);
        control.statistics = statistics();
        s.workloads = control;
        ServerConfigurationService generator = new ServerConfigurationService(() -> "node-7", config);
        generator.configurations = List.of(new ServerConfigurationServiceTest.TestServerConfiguration(
                Workload.EXCHANGE));
        generator.cloud = cloud;
        s.generator = generator;
        doctorResults = new ArrayList<>();
        s.healthChecks = new HealthCheckExecutor() {
            @Override
            public List<HealthCheckExecutionResult> execute(
                    org.apache.felix.hc.api.execution.HealthCheckSelector selector) {
                throw new AssertionError("the doctor must pass options (timeout, no cache)");
            }

            @Override
            public List<HealthCheckExecutionResult> execute(
                    org.apache.felix.hc.api.execution.HealthCheckSelector selector,
                    org.apache.felix.hc.api.execution.HealthCheckExecutionOptions options) {
                assertEquals(List.of("doctor"), List.of(selector.tags()));
                assertTrue(options.isForceInstantExecution());
                return doctorResults;
            }
        };
        servlet = s;
    }

    static org.rmsconnector.api.admin.RelayStatistics statistics() {
        return new org.rmsconnector.api.admin.RelayStatistics() {
            @Override
            public Map<Workload, WorkloadTraffic> traffic() {
                return Map.of(Workload.EXCHANGE, new WorkloadTraffic(10, 2, 1, 0, 3.5));
            }

            @Override
            public List<TrafficSample> history() {
                return List.of(new TrafficSample(NOW, 13, 1, 3.5));
            }

            @Override
            public Duration policyAge() {
                return Duration.ofSeconds(90);
            }
        };
    }

    // ---- authentication, transport security, request forgery

    @Test
    void withoutOrWithWrongCredentialsTheAnswerIs401() throws Exception {
        for (String authorization : new String[] {null, basic(USER, "wrong"), basic("root", PASSWORD),
            "Basic !!!notbase64", "Bearer " + PASSWORD, basic(USER, PASSWORD + " ")}) {
            HttpResponse<String> r = send("GET", "/status", authorization, null, null);
            assertEquals(401, r.statusCode(), String.valueOf(authorization));
            assertEquals("unauthenticated", json(r).get("error"));
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith(
                    "Basic realm=\"RMS Connector\""));
        }
    }

    @Test
    void aThrottledLoginIsAnswered429WithRetryAfterAndNothingElseHappens() throws Exception {
        throttled = Duration.ofMillis(2500);
        HttpResponse<String> r = send("POST", "/workloads/fci/disable", basic(USER, PASSWORD), "rmsctl", null);
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("throttled", json(r).get("error"));
        assertEquals("3", r.headers().firstValue("Retry-After").orElse(""));
        assertTrue(cm.updates.isEmpty(), "nothing changed");
        throttled = Duration.ZERO;
        assertEquals(200, get("/status").statusCode());
    }

    @Test
    void plainHttpIsRefusedButForTheServerConfiguration() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(http.resolve("/admin/api/status"))
                .header("Authorization", basic(USER, PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
        assertEquals("refused", json(r).get("error"));
        assertTrue(((String) json(r).get("message")).contains("HTTPS"));

        HttpResponse<String> open = client.send(HttpRequest.newBuilder(http.resolve(
                "/admin/api/server-configuration?workload=exchange&format=reg")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, open.statusCode(), open.body());
        assertEquals("rms-connector-exchange.reg", json(open).get("fileName"));
    }

    @Test
    void changesWithoutXRequestedByAre403AndChangeNothing() throws Exception {
        HttpResponse<String> r = send("POST", "/authorized-servers", basic(USER, PASSWORD), null,
                "{\"account\":\"EXCH02$\",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}");
        assertEquals(403, r.statusCode());
        assertEquals("csrf", json(r).get("error"));
        assertEquals(403, send("POST", "/workloads/fci/disable", basic(USER, PASSWORD), "  ", null).statusCode());
        assertEquals(403, send("DELETE", "/authorized-servers?account=x&role=fci", basic(USER, PASSWORD), null, null)
                .statusCode());
        HttpResponse<String> put = client.send(request("/workloads/adapters/rms-fci.jar", basic(USER, PASSWORD), null)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestJars.adapter("org.rmsconnector.fci", "1"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, put.statusCode());
        assertEquals(List.of(), cloud.calls);
        assertTrue(cm.updates.isEmpty());
        assertEquals(0, WorkloadControlServiceTest.names(deploy).size());
    }

    // ---- bad input

    @Test
    void aBodyThatIsNotJsonOrNotUtf8IsRefusedAndChangesNothing() throws Exception {
        HttpResponse<String> text = client.send(request("/authorized-servers", basic(USER, PASSWORD), "rmsctl")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"account\":\"EXCH02$\",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, text.statusCode(), text.body());
        assertEquals("unsupported_media_type", json(text).get("error"));
        byte[] latin1 = "{\"account\":\"EXCH\u00e902$\",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> bad = client.send(request("/authorized-servers", basic(USER, PASSWORD), "rmsctl")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(latin1))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(((String) json(bad).get("message")).contains("UTF-8"), bad.body());
        assertEquals(List.of(), cloud.calls);
    }

    @Test
    void badJsonOrFieldsAre400NamingTheFieldAndChangeNothing() throws Exception {
        String[][] cases = {
            {"{not json", "body"},
            {"[1,2]", "body"},
            {"", "body"},
            {"{\"kind\":\"COMPUTER\",\"role\":\"exchange\"}", "account"},
            {"{\"account\":\" \",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}", "account"},
            {"{\"account\":7,\"kind\":\"COMPUTER\",\"role\":\"exchange\"}", "account"},
            {"{\"account\":\"a\\nb\",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}", "account"},
            {"{\"account\":\"EXCH02$\",\"kind\":\"SERVER\",\"role\":\"exchange\"}", "kind"},
            {"{\"account\":\"EXCH02$\",\"kind\":\"COMPUTER\",\"role\":\"mail\"}", "role"},
            {"{\"account\":\"EXCH02$\",\"kind\":\"COMPUTER\"}", "role"},
            {"{\"account\":\"EXCH02$\",\"account\":\"EXCH03$\",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}",
                "body.account"},
            {"{\"account\":\"EXCH02\\ud800\",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}", "body.account"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = change("POST", "/authorized-servers", c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            assertEquals("invalid", json(r).get("error"), c[0]);
            assertTrue(((String) json(r).get("message")).startsWith(c[1] + ":"), c[0] + " → " + r.body());
        }
        assertEquals(400, change("POST", "/authorized-servers", "{\"a\":\"" + "x".repeat(70_000) + "\"}")
                .statusCode());
        assertEquals(400, change("POST", "/connector/registration", "{\"user\":\"u@contoso.com\"}").statusCode());
        assertEquals(400, change("DELETE", "/authorized-servers?role=exchange", null).statusCode());
        assertEquals(400, change("DELETE", "/authorized-servers?account=x&role=nope", null).statusCode());
        assertEquals(List.of(), cloud.calls);
        assertEquals(400, get("/events?limit=0").statusCode());
        assertEquals(400, get("/events?limit=abc").statusCode());
        assertEquals(400, get("/events?level=DEBUG").statusCode());
        assertEquals(400, get("/directory").statusCode());
        assertEquals(400, get("/directory?q=a&limit=201").statusCode());
        assertEquals(List.of(), eventQueries);
        assertEquals(List.of(), searches);
        assertEquals(400, get("/server-configuration?workload=exchange&connector=https://x/y").statusCode());
        assertEquals(400, get("/server-configuration?workload=exchange&format=docx").statusCode());
        assertEquals(400, get("/server-configuration?workload=mail").statusCode());
    }

    // ---- each resource's shape

    @Test
    void status() throws Exception {
        HttpResponse<String> r = get("/status");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        Map<String, Object> j = json(r);
        assertEquals("node-7", j.get("node"));
        assertEquals("1.0.0", j.get("version"));
        Map<String, Object> c = map(j.get("cloud"));
        assertEquals("https://tenant.rms.example.net", c.get("serviceUrl"));
        assertEquals(true, c.get("reachable"));
        assertEquals(0.042, ((Number) c.get("roundTrip")).doubleValue(), 1e-9);
        assertEquals(-1.5, ((Number) c.get("clockSkew")).doubleValue(), 1e-9);
        assertEquals("2026-01-01T00:00:00Z", c.get("policyConfirmedAt"));
        assertEquals("CLOSED", c.get("breaker"));
        assertEquals(3, list(j.get("workloads")).size());
        assertEquals(Map.of("version", 12L, "ageSeconds", 90L, "entries", 2L), map(j.get("policy")));
        Map<String, Object> sample = map(list(j.get("history")).get(0));
        assertEquals(NOW.toString(), sample.get("end"));
        assertEquals(13L, sample.get("requests"));
    }

    @Test
    void authorizedServersListAddAndRemove() throws Exception {
        Map<String, Object> list = json(get("/authorized-servers"));
        assertEquals(12L, list.get("version"));
        assertEquals(Map.of("account", "CONTOSO\\EXCH01$", "kind", "COMPUTER", "role", "exchange"),
                map(list(list.get("entries")).get(0)));

        HttpResponse<String> added = change("POST", "/authorized-servers",
                "{\"account\":\"EXCH02$\",\"kind\":\"computer\",\"role\":\"exchange\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("EXCH02$", json(added).get("account"));
        assertEquals("COMPUTER", json(added).get("kind"));
        assertTrue(((String) json(added).get("warning")).contains("super user"));
        HttpResponse<String> sp = change("POST", "/authorized-servers",
                "{\"account\":\"SP01$\",\"kind\":\"COMPUTER\",\"role\":\"sharepoint\"}");
        assertEquals(201, sp.statusCode());
        assertFalse(json(sp).containsKey("warning"));
        HttpResponse<String> removed = change("DELETE", "/authorized-servers?account="
                + URLEncoder.encode("CONTOSO\\EXCH01$", StandardCharsets.UTF_8) + "&role=exchange", null);
        assertEquals(204, removed.statusCode());
        assertEquals("", removed.body());
        assertEquals(List.of("authorize EXCH02$ COMPUTER exchange", "authorize SP01$ COMPUTER sharepoint",
                "revoke CONTOSO\\EXCH01$ exchange"), cloud.calls);

        cloud.refuseNext = new AdminException(AdminException.Reason.CONFLICT, "EXCH02$ is authorized already");
        HttpResponse<String> conflict = change("POST", "/authorized-servers",
                "{\"account\":\"EXCH02$\",\"kind\":\"COMPUTER\",\"role\":\"exchange\"}");
        assertEquals(409, conflict.statusCode());
        assertEquals("conflict", json(conflict).get("error"));
        assertEquals("EXCH02$ is authorized already", json(conflict).get("message"));
    }

    @Test
    void directorySearch() throws Exception {
        Map<String, Object> j = json(get("/directory?q=exch&limit=5"));
        assertEquals(List.of("exch 5"), searches);
        assertEquals(Map.of("account", "EXCH01$", "kind", "COMPUTER", "displayName", "Exchange 1", "dn",
                "CN=EXCH01,OU=Servers,DC=contoso,DC=com"), map(list(j.get("entries")).get(0)));
        HttpResponse<String> down = get("/directory?q=down");
        assertEquals(503, down.statusCode());
        assertEquals("30", down.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void connectorsAndRegistration() throws Exception {
        HttpResponse<String> r = get("/connectors");
        assertFalse(r.body().contains("<"), "escaped: " + r.body());
        List<Object> all = list(json(r).get("connectors"));
        assertEquals(Map.of("id", "c-2", "name", "node-<2>", "registeredAt", "2026-01-02T00:00:00Z", "lastSeen",
                "2026-01-03T00:00:00Z"), map(all.get(1)));
        assertTrue(map(all.get(0)).containsKey("lastSeen") && map(all.get(0)).get("lastSeen") == null);

        HttpResponse<String> reg = change("POST", "/connector/registration",
                "{\"user\":\"admin@contoso.com\",\"password\":\"p\\u00e4ss\",\"name\":\"node-7\"}");
        assertEquals(201, reg.statusCode(), reg.body());
        assertEquals(Map.of("connectorId", "c-42", "connectorName", "node-7"), json(reg));
        assertEquals(List.of("register admin@contoso.com päss node-7"), cloud.calls);
    }

    @Test
    void workloadsSwitchesAndAdapterUpload() throws Exception {
        List<Object> all = list(json(get("/workloads")).get("workloads"));
        Map<String, Object> ex = map(all.get(0));
        assertEquals("exchange", ex.get("workload"));
        assertEquals(true, ex.get("enabled"));
        assertEquals(false, ex.get("available"));
        assertNull(ex.get("bundle"));
        assertEquals(Map.of("succeeded", 10L, "refused", 2L, "unavailable", 1L, "failed", 0L, "meanMillis", 3.5),
                map(ex.get("traffic")));

        HttpResponse<String> off = change("POST", "/workloads/fci/disable", null);
        assertEquals(200, off.statusCode(), off.body());
        assertEquals("fci", json(off).get("workload"));
        assertEquals(false, json(off).get("enabled"));
        assertEquals(Boolean.FALSE, cm.stored.get("org.rmsconnector.workload.fci").get("enabled"));
        assertEquals(true, json(change("POST", "/workloads/fci/enable", null)).get("enabled"));
        assertEquals(404, change("POST", "/workloads/mail/enable", null).statusCode());

        byte[] jar = TestJars.adapter("org.rmsconnector.fci", "2.0");
        HttpResponse<String> put = client.send(request("/workloads/adapters/rms-fci-2.0.jar", basic(USER, PASSWORD),
                "rmsctl").header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers
                        .ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        assertEquals(Map.of("file", "rms-fci-2.0.jar"), json(put));
        assertTrue(java.util.Arrays.equals(jar, Files.readAllBytes(deploy.resolve("rms-fci-2.0.jar"))));
        HttpResponse<String> bad = client.send(request("/workloads/adapters/evil.jar", basic(USER, PASSWORD),
                "rmsctl").PUT(HttpRequest.BodyPublishers.ofByteArray(TestJars.jar("com.evil", "1",
                        TestJars.ADAPTER_CAPABILITY))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertFalse(Files.exists(deploy.resolve("evil.jar")));
    }

    @Test
    void events() throws Exception {
        Map<String, Object> j = json(get("/events?limit=5&id=2001&level=warning&q=evil"));
        assertEquals(List.of("5 2001 WARNING evil"), eventQueries);
        Map<String, Object> e = map(list(j.get("events")).get(0));
        assertEquals(9L, e.get("sequence"));
        assertEquals(NOW.toString(), e.get("time"));
        assertEquals(2001L, e.get("id"));
        assertEquals("WARNING", e.get("level"));
        assertEquals("unauthorized <access>", e.get("message"));
        assertEquals(Map.of("account", "EVIL$", "workload", "exchange"), map(e.get("properties")));
        json(get("/events"));
        assertEquals("100 null null null", eventQueries.get(1), "defaults");
    }

    @Test
    void serverConfigurationAsJsonAndAsText() throws Exception {
        HttpResponse<String> r = get("/server-configuration?workload=exchange&format=ps1&connector="
                + URLEncoder.encode("http://localhost:8080", StandardCharsets.UTF_8));
        Map<String, Object> j = json(r);
        assertEquals("rms-connector-exchange.ps1", j.get("fileName"));
        assertTrue(((String) j.get("content")).contains("New-GPO"));
        assertEquals(3, list(j.get("warnings")).size(), j.toString());

        HttpResponse<String> text = client.send(request("/server-configuration?workload=exchange&format=reg", null,
                null).header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(text.body().startsWith("Windows Registry Editor Version 5.00\r\n"));
        assertEquals(List.of(), text.headers().allValues("X-RMS-Warning"), "the load-balanced URL: no warning");
        assertTrue(text.headers().firstValue("Content-Disposition").orElse("").contains("rms-connector-exchange.reg"));
        HttpResponse<String> warned = client.send(request("/server-configuration?workload=exchange&connector="
                + "https://127.0.0.1", null, null).header("Accept", "text/plain").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(2, warned.headers().allValues("X-RMS-Warning").size(), warned.headers().toString());
        assertEquals(404, get("/server-configuration?workload=sharepoint").statusCode(), "adapter not installed");
    }

    @Test
    void doctorRunsTheDoctorChecks() throws Exception {
        doctorResults.add(result("RMS HTTPS certificate", log -> log.warn("expires in 10 days; renew it")));
        doctorResults.add(result("RMS clock", log -> {
            log.info("measured");
            log.critical("the clock is 9 minutes off; sync it with NTP");
        }));
        Map<String, Object> j = json(get("/doctor"));
        assertEquals(false, j.get("ok"));
        List<Object> findings = list(j.get("findings"));
        assertEquals(Map.of("check", "RMS HTTPS certificate", "status", "WARN", "message",
                "expires in 10 days; renew it"), map(findings.get(0)));
        assertEquals(Map.of("check", "RMS clock", "status", "CRITICAL", "message",
                "the clock is 9 minutes off; sync it with NTP"), map(findings.get(1)));
        doctorResults.remove(1);
        assertEquals(true, json(get("/doctor")).get("ok"), "WARN is still ok");
    }

    @Test
    void anAbsentServiceIs503NamingIt() throws Exception {
        servlet.cloud = null;
        servlet.events = null;
        servlet.healthChecks = null;
        servlet.policies = null;
        for (String[] c : new String[][] {{"/status", "CloudConnection"}, {"/events", "EventLog"},
            {"/doctor", "HealthCheckExecutor"}, {"/authorized-servers", "PolicySource"},
            {"/connectors", "CloudConnection"}}) {
            HttpResponse<String> r = get(c[0]);
            assertEquals(503, r.statusCode(), c[0]);
            assertEquals("unavailable", json(r).get("error"));
            assertTrue(((String) json(r).get("message")).contains(c[1]), r.body());
            assertEquals("30", r.headers().firstValue("Retry-After").orElse(null));
        }
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertEquals(404, get("/nothing").statusCode());
        assertEquals(404, get("").statusCode());
        assertEquals("not_found", json(change("PUT", "/status", "{}")).get("error"));
    }

    // ---- helpers

    private static HealthCheckExecutionResult result(String name, java.util.function.Consumer<FormattingResultLog> log) {
        FormattingResultLog entries = new FormattingResultLog();
        log.accept(entries);
        Result result = new Result(entries);
        HealthCheckMetadata metadata = new HealthCheckMetadata(Fakes.reference(null, Map.of(HealthCheck.NAME, name,
                HealthCheck.TAGS, new String[] {"doctor"}, org.osgi.framework.Constants.SERVICE_ID, 1L)));
        return new HealthCheckExecutionResult() {
            @Override
            public Result getHealthCheckResult() {
                return result;
            }

            @Override
            public long getElapsedTimeInMs() {
                return 1;
            }

            @Override
            public Date getFinishedAt() {
                return new Date();
            }

            @Override
            public boolean hasTimedOut() {
                return false;
            }

            @Override
            public HealthCheckMetadata getHealthCheckMetadata() {
                return metadata;
            }
        };
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, basic(USER, PASSWORD), null, null);
    }

    private HttpResponse<String> change(String method, String path, String body) throws Exception {
        return send(method, path, basic(USER, PASSWORD), "rmsctl", body);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String requestedBy,
            String body) throws Exception {
        HttpRequest.Builder b = request(path, authorization, requestedBy);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String authorization, String requestedBy) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(https + "/admin/api" + path))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (requestedBy != null) {
            b.header("X-Requested-By", requestedBy);
        }
        return b;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.statusCode() + " " + r.headers());
        return JSONObjectUtils.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return new HashMap<>((Map<String, Object>) o);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
