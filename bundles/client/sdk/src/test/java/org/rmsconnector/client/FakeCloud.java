package org.rmsconnector.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.ErrorResponse;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseSigningKey;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishResponse;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateList;
import org.rmsconnector.protocol.TemplateSummary;
import org.rmsconnector.protocol.UseLicense;

/**
 * A test fixture playing the tenant's cloud service over real HTTP(S) with the JDK's server:
 * a real RSA tenant key, real certificates and licenses made with the protocol classes, Basic
 * users or TLS client certificates, a template, simple rights evaluation, and switches to
 * fail. It is not the product's cloud service, only enough of its API to test the client.
 */
public final class FakeCloud implements AutoCloseable {

    /** RSA-3072 generation is slow: one tenant key per JVM. */
    public static final KeyPair TENANT = Keys.generateRsaKeyPair();
    /** The tenant's EC license signing key, used when {@link #signUseLicensesEs256} is on. */
    public static final KeyPair LICENSE_SIGNING = Keys.generateP256KeyPair();
    private volatile boolean es256;
    private volatile java.security.PrivateKey endorser = TENANT.getPrivate();
    public static final String TENANT_ID = "6f1c1c2e-4b1a-4f0e-9a51-3d0b7b8e2c11";
    public static final String TEMPLATE_ID = "2f9a1c3e-7b4d-4e61-9c0a-5d8e3b2f1a47";
    /** Who the template grants what. */
    public static final Map<String, Set<Right>> TEMPLATE_RIGHTS = Map.of(
            "alice@contoso.com", EnumSet.of(Right.VIEW, Right.EDIT, Right.EXPORT),
            "bob@contoso.com", EnumSet.of(Right.VIEW));

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> workloadHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Duration certificateValidity = Duration.ofDays(30);
    private volatile Duration certificateBackdate = Duration.ZERO;
    private volatile Failure failure;
    private final Set<String> tamperPreLicensesOf = ConcurrentHashMap.newKeySet();

    /**
     * An injected failure: calls to {@code path} (or all paths when null) get this answer, the
     * next {@code times} times (0: until cleared).
     */
    public record Failure(String path, int status, String body, Map<String, String> headers, int times) {
        public Failure(String path, int status, String body, Map<String, String> headers) {
            this(path, status, body, headers, 0);
        }
    }

    private final AtomicInteger failuresLeft = new AtomicInteger();

    private FakeCloud(HttpServer server) {
        this.server = server;
        passwords.put("alice@contoso.com", "alice-pw");
        passwords.put("bob@contoso.com", "bob-pw");
        passwords.put("carol@contoso.com", "carol-pw");
        server.createContext("/_wmcs/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A plain-HTTP service on a free loopback port. */
    public static FakeCloud start() throws IOException {
        return new FakeCloud(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** An HTTPS service on a free loopback port; {@code needClientAuth} demands a client certificate. */
    public static FakeCloud startTls(SSLContext ctx, boolean needClientAuth) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return new FakeCloud(s);
    }

    /** {@code http://127.0.0.1:port} (or https with the host name the certificate names). */
    public URI uri() {
        boolean tls = server instanceof HttpsServer;
        String host = tls ? "localhost" : "127.0.0.1";
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + server.getAddress().getPort());
    }

    public static RSAPublicKey tenantPublic() {
        return (RSAPublicKey) TENANT.getPublic();
    }

    static PrivateKey tenantPrivate() {
        return TENANT.getPrivate();
    }

    public static String tenantKid() {
        return Keys.thumbprint(tenantPublic());
    }

    /** How many calls reached {@code path}'s handler (e.g. {@code certification.asmx}). */
    public int calls(String endpoint) {
        return calls.computeIfAbsent(endpoint, k -> new AtomicInteger()).get();
    }

    /** The X-RMS-Workload headers received, in order (null when absent). */
    public List<String> workloadHeaders() {
        return new ArrayList<>(workloadHeaders);
    }

    public void certificateValidity(Duration validity, Duration backdate) {
        this.certificateValidity = validity;
        this.certificateBackdate = backdate;
    }

    /**
     * Pre-licenses issued to {@code recipient} from now on are altered after signing (they claim {@code EXPORT}
     * too), as a man in the middle would; null stops it for everyone.
     */
    public void tamperPreLicensesOf(String recipient) {
        if (recipient == null) {
            tamperPreLicensesOf.clear();
        } else {
            tamperPreLicensesOf.add(recipient);
        }
    }

    public void fail(Failure f) {
        failuresLeft.set(f == null ? 0 : f.times());
        this.failure = f;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String endpoint = path.substring(path.lastIndexOf('/') + 1);
            calls.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
            String workload = ex.getRequestHeaders().getFirst("X-RMS-Workload");
            workloadHeaders.add(workload);
            String requestId = ex.getRequestHeaders().getFirst("X-Request-Id");
            Failure f = failure;
            if (f != null && (f.path() == null || path.endsWith(f.path()))) {
                if (f.times() > 0 && failuresLeft.decrementAndGet() <= 0) {
                    failure = null;
                }
                f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                send(ex, f.status(), f.body());
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (endpoint.equals("server.asmx")) {
                    send(ex, 200, serverInfo().toJson());
                    return;
                }
                String who = authenticate(ex);
                if (who == null) {
                    error(ex, 401, "UNAUTHENTICATED", "who are you?", requestId);
                    return;
                }
                switch (endpoint) {
                    case "templatedistribution.asmx" -> send(ex, 200, new TemplateList(List.of(new TemplateSummary(
                            TEMPLATE_ID, "Contoso - Confidential", "Employees may view", "sha256:abc", true)))
                            .toJson());
                    case "certification.asmx" -> send(ex, 200, certify(who, ex, CertifyRequest.fromJson(body)).toJson());
                    case "publish.asmx" -> publish(ex, who, PublishRequest.fromJson(body), requestId);
                    case "license.asmx" -> license(ex, who, AcquireLicenseRequest.fromJson(body), requestId);
                    case "prelicense.asmx" -> preLicense(ex, who, AcquirePreLicenseRequest.fromJson(body), requestId);
                    default -> error(ex, 404, "NOT_FOUND", "no such endpoint " + path, requestId);
                }
            } catch (ProtocolException e) {
                send(ex, 400, ErrorResponse.of(e, requestId).toJson());
            }
        }
    }

    private ServerInfo serverInfo() {
        URI u = uri();
        return new ServerInfo(TENANT_ID, "Fake RMS", "1.0", u.resolve("/_wmcs/certification"),
                u.resolve("/_wmcs/licensing"), u.resolve("/_wmcs/licensing/publish"));
    }

    private String authenticate(HttpExchange ex) {
        if (ex instanceof HttpsExchange https) {
            try {
                if (https.getSSLSession().getPeerCertificates()[0] instanceof X509Certificate x) {
                    String dn = x.getSubjectX500Principal().getName();
                    return dn.startsWith("CN=") ? dn.substring(3).split(",")[0] : dn;
                }
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                // no client certificate: Basic below
            }
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String user = decoded.substring(0, colon);
        return decoded.substring(colon + 1).equals(passwords.get(user)) ? user : null;
    }

    private CertifyResponse certify(String who, HttpExchange ex, CertifyRequest req) throws ProtocolException {
        Instant now = Instant.now().minus(certificateBackdate);
        String role = ex instanceof HttpsExchange && ex.getRequestHeaders().getFirst("Authorization") == null
                ? ServerCertificate.ROLE_FCI : null;
        // The service certifies who the caller proved to be, whatever identity was asked for.
        ServerCertificate cert = ServerCertificate.issue(tenantPrivate(), tenantKid(), TENANT_ID, who, role,
                req.publicKey(), now, now.plus(certificateValidity));
        String endorsement = es256 ? LicenseSigningKey.endorse(TENANT_ID,
                (java.security.interfaces.ECPublicKey) LICENSE_SIGNING.getPublic(), endorser, tenantKid(), now)
                .compact() : null;
        return new CertifyResponse(cert.compact(), List.of(PublicJwk.of(tenantPublic())), endorsement);
    }

    /** Signs use licenses ES256 with {@link #LICENSE_SIGNING} and advertises it when certifying (or stops). */
    public void signUseLicensesEs256(boolean on) {
        es256 = on;
    }

    /** The key that endorses the license signing key in certification answers: the tenant's unless changed. */
    public void endorseWith(java.security.PrivateKey key) {
        endorser = key;
    }

    private java.security.PrivateKey useLicenseKey() {
        return es256 ? LICENSE_SIGNING.getPrivate() : tenantPrivate();
    }

    private String useLicenseKid() {
        return es256 ? Keys.thumbprint(LICENSE_SIGNING.getPublic()) : tenantKid();
    }

    private void publish(HttpExchange ex, String who, PublishRequest req, String requestId) throws IOException,
            ProtocolException {
        PublishingLicense.Draft d = req.draft();
        if (!d.owner().equals(who)) {
            error(ex, 403, "ACCESS_DENIED", who + " may not publish as " + d.owner(), requestId);
            return;
        }
        if (d.policy() instanceof Policy.Template t && !t.templateId().equals(TEMPLATE_ID)) {
            error(ex, 400, "UNKNOWN_TEMPLATE", "no template " + t.templateId(), requestId);
            return;
        }
        PublishingLicense pl = PublishingLicense.sign(d, TENANT_ID, Instant.now(), tenantPrivate(), tenantKid());
        send(ex, 200, new PublishResponse(pl.compact()).toJson());
    }

    private void license(HttpExchange ex, String who, AcquireLicenseRequest req, String requestId)
            throws IOException, ProtocolException {
        ServerCertificate cert = ServerCertificate.verify(req.serverCertificate(), tenantPublic());
        if (!cert.subject().equals(who)) {
            error(ex, 403, "ACCESS_DENIED", who + " presented the certificate of " + cert.subject(), requestId);
            return;
        }
        List<LicenseResult> results = new ArrayList<>();
        for (int i = 0; i < req.items().size(); i++) {
            PublishingLicense pl = PublishingLicense.verify(req.items().get(i).publishingLicense(), tenantPublic());
            try {
                pl.checkContentValid(Instant.now());
            } catch (ProtocolException e) {
                results.add(LicenseResult.failure(i, "EXPIRED", e.getMessage()));
                continue;
            }
            Set<Right> rights = rightsOf(pl, who);
            if (rights.isEmpty()) {
                results.add(LicenseResult.failure(i, "ACCESS_DENIED", who + " has no rights to this content"));
                continue;
            }
            byte[] key = pl.unwrapContentKey(tenantPrivate());
            Instant now = Instant.now();
            UseLicense ul = UseLicense.issue(new UseLicense.Terms(TENANT_ID, pl.contentId(), cert.subject(), null,
                    rights, now, now.plus(Duration.ofHours(1))), key, cert.publicKey().publicKey(), useLicenseKey(),
                    useLicenseKid());
            results.add(LicenseResult.success(i, ul.compact()));
        }
        send(ex, 200, new AcquireLicenseResponse(results).toJson());
    }

    /**
     * As the service: only an Exchange server or the content's owner may pre-license; each recipient gets a license
     * for the rights the policy gives them, wrapped to the key named for them, or a refusal.
     */
    private void preLicense(HttpExchange ex, String who, AcquirePreLicenseRequest req, String requestId)
            throws IOException, ProtocolException {
        ServerCertificate cert = ServerCertificate.verify(req.serverCertificate(), tenantPublic());
        if (!cert.subject().equals(who)) {
            error(ex, 403, "ACCESS_DENIED", who + " presented the certificate of " + cert.subject(), requestId);
            return;
        }
        PublishingLicense pl = PublishingLicense.verify(req.publishingLicense(), tenantPublic());
        if (!ServerCertificate.ROLE_EXCHANGE.equals(cert.role()) && !pl.owner().equals(who)) {
            error(ex, 403, "prelicense_not_allowed", "only Exchange servers and the content's owner may obtain "
                    + "licenses for recipients; " + who + " is neither", requestId);
            return;
        }
        List<LicenseResult> results = new ArrayList<>();
        for (int i = 0; i < req.recipients().size(); i++) {
            AcquirePreLicenseRequest.Recipient r = req.recipients().get(i);
            try {
                pl.checkContentValid(Instant.now());
            } catch (ProtocolException e) {
                results.add(LicenseResult.failure(i, "EXPIRED", e.getMessage()));
                continue;
            }
            Set<Right> rights = rightsOf(pl, r.identity());
            if (rights.isEmpty()) {
                results.add(LicenseResult.failure(i, "ACCESS_DENIED", r.identity() + " has no rights to this content"));
                continue;
            }
            byte[] key = pl.unwrapContentKey(tenantPrivate());
            Instant now = Instant.now();
            UseLicense ul = UseLicense.issue(new UseLicense.Terms(TENANT_ID, pl.contentId(), r.identity(), null,
                    rights, now, now.plus(Duration.ofHours(1))), key, r.publicKey().publicKey(), useLicenseKey(),
                    useLicenseKid());
            String compact = tamperPreLicensesOf.contains(r.identity()) ? withExport(ul.compact()) : ul.compact();
            results.add(LicenseResult.success(i, compact));
        }
        send(ex, 200, new AcquirePreLicenseResponse(results).toJson());
    }

    // The signed claims with EXPORT added to the rights, the signature left as it was.
    private static String withExport(String compact) {
        String[] parts = compact.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String raised = claims.replace("\"rts\":[", "\"rts\":[\"EXPORT\",");
        if (raised.equals(claims)) {
            throw new IllegalStateException("no rights claim in " + claims);
        }
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(raised.getBytes(StandardCharsets.UTF_8));
        return String.join(".", parts);
    }

    private static Set<Right> rightsOf(PublishingLicense pl, String who) {
        if (pl.owner().equals(who)) {
            return EnumSet.of(Right.OWNER);
        }
        if (pl.policy() instanceof Policy.Template) {
            return TEMPLATE_RIGHTS.getOrDefault(who, Set.of());
        }
        for (Grant g : ((Policy.AdHoc) pl.policy()).grants()) {
            if (g.principal().equals(who)) {
                return g.rights();
            }
        }
        return Set.of();
    }

    private static void error(HttpExchange ex, int status, String code, String message, String requestId)
            throws IOException {
        send(ex, status, new ErrorResponse(code, message, requestId).toJson());
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
