package org.rmsconnector.transport.internal.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.transport.ActorContext;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudUnavailableException;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.transport.internal.Backoff;
import org.rmsconnector.transport.internal.CircuitBreaker;
import org.rmsconnector.transport.internal.CloudContact;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.HttpClients;
import org.rmsconnector.transport.internal.LimitedBody;
import org.rmsconnector.transport.internal.TestTls;
import org.rmsconnector.transport.internal.TlsJetty;
import org.rmsconnector.transport.internal.registration.ConnectorCredentials;

/**
 * Retries, backoff and the deadline against a scripted HTTPS server: which answers are retried, for which
 * operations, how often, and what each attempt carries.
 */
class HttpCloudTransportTest {

    private static final KeyPair CONNECTOR = Keys.generateRsaKeyPair();

    @TempDir
    static Path tmp;
    private static Path keystore;
    private static Server server;
    private static URI base;
    private static volatile IntUnaryOperator script = n -> 200; // request number (from 1) → status
    private static volatile long delayMs;
    /** Request numbers the server refuses as the cloud refuses an assertion it has seen: 401 replayed_assertion. */
    private static volatile IntPredicate replayed = n -> false;
    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private static final AtomicInteger COUNT = new AtomicInteger();

    private record Seen(String method, String uri, String authorization, String requestId, String contentType,
            String body) {
    }

    private ScheduledExecutorService scheduler;
    private java.util.concurrent.ExecutorService calls;
    private CircuitBreaker breaker;
    private CloudContact contact;

    @BeforeAll
    static void startServer() throws Exception {
        keystore = TestTls.serverKeystore(tmp.resolve("tls.p12"));
        int port = TestTls.freePort();
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String query = req.getQueryString() == null ? "" : "?" + req.getQueryString();
                SEEN.add(new Seen(req.getMethod(), req.getRequestURI() + query, req.getHeader("Authorization"),
                        req.getHeader("X-Request-Id"), req.getContentType(),
                        new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
                int n = COUNT.incrementAndGet();
                if (replayed.test(n)) {
                    resp.setStatus(401);
                    resp.setContentType("application/json");
                    resp.getOutputStream().write(("{\"code\":\"replayed_assertion\",\"message\":\"actor assertion"
                            + " was used before\",\"requestId\":\"req-42\"}").getBytes(StandardCharsets.UTF_8));
                    return;
                }
                int status = script.applyAsInt(n);
                if (delayMs > 0) {
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                resp.setStatus(status);
                resp.setContentType("application/json");
                resp.getOutputStream().write(("{\"attempt\":" + COUNT.get() + "}").getBytes(StandardCharsets.UTF_8));
            }
        }), "/*");
        server = TlsJetty.start(keystore, port, context);
        base = URI.create("https://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @BeforeEach
    void reset() {
        SEEN.clear();
        COUNT.set(0);
        script = n -> 200;
        replayed = n -> false;
        delayMs = 0;
        contact = new CloudContact();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        calls = Executors.newFixedThreadPool(4);
        breaker = new CircuitBreaker(100, Duration.ofSeconds(30), System::nanoTime, new CircuitBreaker.Listener() {
            @Override
            public void opened(int failures, Duration coolDown) {
            }

            @Override
            public void closed() {
            }
        });
    }

    @AfterEach
    void stopScheduler() throws InterruptedException {
        scheduler.shutdownNow();
        calls.shutdownNow();
        assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(calls.awaitTermination(5, TimeUnit.SECONDS));
    }

    private HttpCloudTransport transport(URI target, int attempts, Duration requestTimeout, Duration deadline) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(HttpClients.sslContext(keystore, TestTls.PASSWORD)).sslParameters(HttpClients.sslParameters())
                .connectTimeout(Duration.ofSeconds(2)).build();
        ConnectorCredentials creds = new ConnectorCredentials("conn-1", "node", target, CONNECTOR,
                PublicJwk.of((RSAPublicKey) CONNECTOR.getPublic()), Instant.now());
        return new HttpCloudTransport(new CloudHttp(client, target, null), () -> Optional.of(creds), null, breaker,
                new HttpCloudTransport.Limits(new Backoff(attempts, Duration.ofMillis(10), Duration.ofMillis(40)),
                        requestTimeout, deadline, LimitedBody.DEFAULT_MAX),
                new HttpCloudTransport.Workers(scheduler, calls), Clock.systemUTC(), System::nanoTime, () -> 0.5,
                contact);
    }

    private HttpCloudTransport transport(int attempts) {
        return transport(base, attempts, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static CloudResponse call(HttpCloudTransport t, Operation op, String body, ActorContext actor) {
        return t.forward(new CloudRequest("req-42", op, body.getBytes(StandardCharsets.UTF_8), actor))
                .toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static CloudResponse call(HttpCloudTransport t, Operation op) {
        return call(t, op, "{}", new ActorContext("EXCH01$", "EXCH01$", Workload.EXCHANGE, null, false));
    }

    @Test
    void anIdempotentCallIsRetriedOnA503WithAFreshAssertionEachTime() throws Exception {
        script = n -> n < 3 ? 503 : 200;
        ActorContext actor = new ActorContext("CONTOSO\\EXCH01$", "CONTOSO\\Exchange Servers", Workload.EXCHANGE,
                "bob@contoso.com", true);
        CloudResponse r = call(transport(3), Operation.ACQUIRE_LICENSE, "{\"items\":[]}", actor);
        assertEquals(200, r.status());
        assertEquals("{\"attempt\":3}", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(3, SEEN.size());
        for (Seen s : SEEN) {
            assertEquals("POST", s.method());
            assertEquals("/_wmcs/licensing/license.asmx", s.uri());
            assertEquals("req-42", s.requestId());
            assertTrue(s.contentType().startsWith("application/json"), s.contentType());
            assertEquals("{\"items\":[]}", s.body());
            assertTrue(s.authorization().startsWith("RMS-Actor "), s.authorization());
            ActorAssertion a = ActorAssertion.verify(s.authorization().substring("RMS-Actor ".length()),
                    (RSAPublicKey) CONNECTOR.getPublic(), Instant.now());
            assertEquals("conn-1", a.connectorId());
            assertEquals("CONTOSO\\EXCH01$", a.subject());
            assertEquals("CONTOSO\\Exchange Servers", a.entry());
            assertEquals("exchange", a.role());
            assertEquals("bob@contoso.com", a.onBehalfOf());
            assertTrue(a.superUser());
            assertEquals("req-42", a.requestId());
            assertTrue(Duration.between(a.issuedAt(), a.expiresAt()).compareTo(ActorAssertion.MAX_LIFETIME) <= 0);
        }
        assertNotEquals(SEEN.get(0).authorization(), SEEN.get(1).authorization(), "each attempt has its own jti");
        assertEquals(0, breaker.consecutiveFailures(), "the answer reset the failure count");
    }

    /**
     * Behind a load balancer, a cloud node that dies under a call closes the connection; the JDK's client sends an
     * idempotent request again by itself, same assertion, to the next node, which shares the replay register and
     * refuses it. That 401 is about a lost connection, not about the on-premises server: tried again with a fresh
     * assertion, and the breaker hears of an answer, not a failure.
     */
    @Test
    void aReplayedAssertionIsTriedAgainWithAFreshOneNeverPassedOn() throws Exception {
        replayed = n -> n == 1;
        CloudResponse r = call(transport(3), Operation.TEMPLATES, "{}", new ActorContext("EXCH01$", "EXCH01$",
                Workload.EXCHANGE, null, false));
        assertEquals(200, r.status());
        assertEquals(2, SEEN.size());
        assertNotEquals(SEEN.get(0).authorization(), SEEN.get(1).authorization(), "the retry has its own jti");
        assertEquals(0, breaker.consecutiveFailures());
        assertTrue(contact.last().orElseThrow().answered());
    }

    @Test
    void aReplayedAssertionOfAnOperationNotRetriedIsTheRelays503NotA401() {
        replayed = n -> true;
        CompletionException e = assertThrows(CompletionException.class, () -> call(transport(3), Operation.PUBLISH));
        CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertTrue(u.getMessage().contains("same assertion again"), u.getMessage());
        assertEquals(1, SEEN.size(), "publishing is never sent twice by the transport");
        SEEN.clear();
        e = assertThrows(CompletionException.class, () -> call(transport(2), Operation.CERTIFY));
        assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertEquals(2, SEEN.size(), "an idempotent call: as many attempts as allowed, then the relay's 503");
    }

    @Test
    void publishingIsNeverRetried() {
        script = n -> 503;
        CompletionException e = assertThrows(CompletionException.class, () -> call(transport(3), Operation.PUBLISH));
        assertInstanceOf(CloudUnavailableException.class, e.getCause(), "the relay's own 503, not the cloud's page");
        assertEquals(1, SEEN.size());
    }

    @Test
    void aCloudThatAnswers404ForItsOwnEndpointIsStartingOrStopping() {
        script = n -> n < 3 ? 404 : 200;
        assertEquals(200, call(transport(3), Operation.CERTIFY).status(), "retried like a 503, then served");
        SEEN.clear();
        script = n -> 404;
        CompletionException e = assertThrows(CompletionException.class, () -> call(transport(2), Operation.CERTIFY));
        CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertTrue(u.getMessage().contains("starting or stopping"), u.getMessage());
    }

    @Test
    void retriesStopAfterTheConfiguredAttemptsWithTheLastAnswer() {
        script = n -> n % 2 == 0 ? 502 : 504;
        CompletionException e = assertThrows(CompletionException.class, () -> call(transport(3), Operation.CERTIFY));
        CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertTrue(u.getMessage().contains("HTTP 504"), u.getMessage());
        assertEquals(3, SEEN.size());
        assertEquals(3, breaker.consecutiveFailures());
    }

    @Test
    void otherAnswersAreNotRetried() {
        for (int status : new int[] {400, 401, 403, 500}) {
            SEEN.clear();
            script = n -> status;
            assertEquals(status, call(transport(3), Operation.CERTIFY).status());
            assertEquals(1, SEEN.size(), "status " + status);
        }
        assertEquals(0, breaker.consecutiveFailures(), "an answer, even a refusal, proves the cloud is there");
        assertTrue(contact.last().orElseThrow().answered(), "and the status page says so");
    }

    @Test
    void templatesAndServerInformationAreGets() {
        assertEquals(200, call(transport(1), Operation.TEMPLATES, "{\"id\":\"2f9a1c3e-7b4d\"}",
                new ActorContext("SP01$", "SP01$", Workload.SHAREPOINT, null, false)).status());
        assertEquals(200, call(transport(1), Operation.SERVER_INFO, "", new ActorContext("SP01$", "SP01$",
                Workload.SHAREPOINT, null, false)).status());
        assertEquals("GET", SEEN.get(0).method());
        assertEquals("/_wmcs/licensing/templatedistribution.asmx?id=2f9a1c3e-7b4d", SEEN.get(0).uri());
        assertEquals("GET", SEEN.get(1).method());
        assertEquals("/_wmcs/licensing/server.asmx", SEEN.get(1).uri());
    }

    @Test
    void connectionFailuresAreRetriedOnlyForIdempotentOperations() throws IOException {
        URI nobody = URI.create("https://127.0.0.1:" + TestTls.freePort());
        CompletionException e = assertThrows(CompletionException.class,
                () -> call(transport(nobody, 3, Duration.ofSeconds(2), Duration.ofSeconds(10)), Operation.CERTIFY));
        CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertTrue(u.getMessage().contains("could not be reached"), u.getMessage());
        assertEquals(3, breaker.consecutiveFailures(), "three attempts");
        assertTrue(u.retryAfter().compareTo(Duration.ZERO) > 0);
        CloudContact.Exchange last = contact.last().orElseThrow();
        assertFalse(last.answered(), "the status page learns the cloud did not answer");
        assertTrue(last.problem().contains("connection refused"), last.problem());

        assertThrows(CompletionException.class,
                () -> call(transport(nobody, 3, Duration.ofSeconds(2), Duration.ofSeconds(10)), Operation.PUBLISH));
        assertEquals(4, breaker.consecutiveFailures(), "one attempt for publish");
    }

    @Test
    void theDeadlineBoundsTheWholeCallRetriesIncluded() {
        script = n -> 503;
        delayMs = 300;
        long t0 = System.nanoTime();
        CompletionException e = assertThrows(CompletionException.class, () -> call(transport(base, 10,
                Duration.ofMillis(200), Duration.ofMillis(700)), Operation.CERTIFY));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertTrue(took < 1500, "took " + took + " ms");
        assertTrue(SEEN.size() >= 2 && SEEN.size() <= 4, "attempts within the deadline: " + SEEN.size());
    }

    @Test
    void anOpenBreakerFailsAtOnceWithTheRemainingCoolDown() {
        breaker = new CircuitBreaker(1, Duration.ofSeconds(20), System::nanoTime, new CircuitBreaker.Listener() {
            @Override
            public void opened(int failures, Duration coolDown) {
            }

            @Override
            public void closed() {
            }
        });
        script = n -> 503;
        assertThrows(CompletionException.class, () -> call(transport(1), Operation.CERTIFY));
        CompletionException e = assertThrows(CompletionException.class, () -> call(transport(1), Operation.CERTIFY));
        CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertTrue(u.retryAfter().compareTo(Duration.ofSeconds(19)) > 0
                && u.retryAfter().compareTo(Duration.ofSeconds(20)) <= 0, u.retryAfter().toString());
        assertEquals(1, SEEN.size(), "nothing was sent while open");
    }

    @Test
    void withoutCredentialsNothingIsSent() {
        HttpClient client = HttpClient.newHttpClient();
        HttpCloudTransport t = new HttpCloudTransport(new CloudHttp(client, base, null), Optional::empty, null, breaker,
                new HttpCloudTransport.Limits(new Backoff(1, Duration.ofMillis(10), Duration.ofMillis(10)),
                        Duration.ofSeconds(1), Duration.ofSeconds(1), 1024),
                new HttpCloudTransport.Workers(scheduler, calls), Clock.systemUTC(), System::nanoTime, () -> 0.5,
                contact);
        CompletionException e = assertThrows(CompletionException.class, () -> call(t, Operation.CERTIFY));
        CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
        assertTrue(u.getMessage().contains("not registered"), u.getMessage());
        assertEquals(HttpCloudTransport.UNREGISTERED_RETRY_AFTER, u.retryAfter());
        assertTrue(SEEN.isEmpty());
        assertNull(e.getCause().getCause());
    }
}
