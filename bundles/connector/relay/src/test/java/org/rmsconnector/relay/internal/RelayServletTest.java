package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.AuthorizationService;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.testing.RecordingEventAdmin;

/**
 * The servlet's HTTP: routing, refusals HTTP alone decides, the async body read and the answer written, driven with
 * fake servlet objects over a real {@link Pipeline} whose services are in memory.
 */
class RelayServletTest {
    private static final String LICENSE = "/licensing/license.asmx";
    private static final String TEMPLATES = "/licensing/templatedistribution.asmx";
    private static final int LIMIT = 64;
    /** A health check executor with no checks registered: the node is ready unless it drains. */
    static final HealthCheckExecutor NO_CHECKS = new HealthCheckExecutor() {
        @Override
        public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector) {
            return List.of();
        }

        @Override
        public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector,
                HealthCheckExecutionOptions options) {
            return List.of();
        }

    };

    private final Pipeline pipeline = new Pipeline(RelayConfigs.defaults(), "node-1", Path.of("."), props -> true, () -> false);
    private final RelayMetrics metrics = new RelayMetrics();
    private final Drain drain = new Drain(RelayConfigs.defaults(), "node-1");
    private final RelayServlet servlet = new RelayServlet(RelayConfigs.of(Map.of("node.name", "relay-<test>",
            "max.body.bytes", LIMIT, "request.timeout.ms", 1234L)), "1.2.3", null, metrics, pipeline, drain,
            new Readiness(NO_CHECKS, drain, RelayConfigs.defaults()));
    private final List<CloudRequest> forwarded = new CopyOnWriteArrayList<>();
    private CompletableFuture<CloudResponse> cloud = CompletableFuture.completedFuture(new CloudResponse(200,
            "application/json", "{\"license\":\"a.b.c\"}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(2)));

    @BeforeEach
    void anExchangeServerAuthorizedAndACloudThatAnswers() {
        pipeline.eventAdmin = new RecordingEventAdmin();
        pipeline.authenticators = List.of(c -> Optional.of(new Caller("EXCH01$", c.remoteAddress(), "test", true)));
        pipeline.authorization = new AuthorizationService() {
            @Override
            public Optional<Authorization> authorize(Caller caller) {
                return Optional.of(new Authorization(caller.account(), Workload.EXCHANGE, 3));
            }

            @Override
            public long policyVersion() {
                return 3;
            }

            @Override
            public Optional<Instant> policyUpdated() {
                return Optional.of(Instant.now());
            }
        };
        pipeline.bindAdapter(new WorkloadAdapter() {
            @Override
            public Workload workload() {
                return Workload.EXCHANGE;
            }

            @Override
            public Set<Operation> operations() {
                return Set.of(Operation.values());
            }

            @Override
            public AdapterResult handle(WorkloadRequest request) {
                return new AdapterResult.Forward(request.body(), true, null);
            }
        }, Map.of());
        pipeline.transport = request -> {
            forwarded.add(request);
            return cloud;
        };
    }

    private FakeHttpExchange serve(FakeHttpExchange exchange) throws Exception {
        servlet.service(exchange.request(), exchange.response());
        return exchange;
    }

    @Test
    void theVerificationPageNamesTheNodeEscapedAndTheWorkloadsServed() throws Exception {
        FakeHttpExchange page = serve(new FakeHttpExchange("GET", "/certification/ServerCertification.asmx"));
        assertEquals(200, page.status);
        assertEquals("text/html; charset=utf-8", page.contentType);
        assertEquals("no-store", page.responseHeaders.get("Cache-Control"));
        assertTrue(page.body().contains("relay-&lt;test&gt;"), page.body());
        assertTrue(page.body().contains("<td>exchange</td><td>served</td>"), page.body());
        assertTrue(page.body().contains("<td>fci</td><td>not available</td>"), page.body());
        assertTrue(page.body().contains("1.2.3"), page.body());
        assertEquals(page.written.size(), page.responseContentLength);
        assertFalse(page.asyncStarted, "a page needs no async cycle");
    }

    @Test
    void theVerificationPageTakesGetAndHeadOnly() throws Exception {
        FakeHttpExchange post = serve(new FakeHttpExchange("POST", RelayServlet.VERIFICATION_PATH));
        assertEquals(405, post.status);
        assertEquals("GET, HEAD", post.responseHeaders.get("Allow"));
        assertEquals(200, serve(new FakeHttpExchange("HEAD", RelayServlet.VERIFICATION_PATH)).status);
    }

    @Test
    void anUnknownEndpointIs404InTheErrorShapeAndCounted() throws Exception {
        FakeHttpExchange unknown = serve(new FakeHttpExchange("POST", "/licensing/nothing.asmx")
                .header("X-Request-Id", "probe-404"));
        assertEquals(404, unknown.status);
        assertEquals(Answer.JSON, unknown.contentType);
        assertEquals("{\"error\":\"unknown_endpoint\",\"message\":\"no rights-management endpoint at"
                + " /_wmcs/licensing/nothing.asmx\",\"requestId\":\"probe-404\"}", unknown.body());
        assertTrue(metrics.scrape().contains(
                "rms_relay_requests_total{operation=\"unknown\",workload=\"none\",status=\"404\"} 1"),
                metrics.scrape());
        assertFalse(unknown.asyncStarted);
    }

    @Test
    void aMethodTheOperationDoesNotTakeIs405WithAllow() throws Exception {
        FakeHttpExchange put = serve(new FakeHttpExchange("PUT", LICENSE));
        assertEquals(405, put.status);
        assertEquals("POST", put.responseHeaders.get("Allow"));
        assertTrue(put.body().contains("ACQUIRE_LICENSE takes POST"), put.body());

        FakeHttpExchange getLicense = serve(new FakeHttpExchange("GET", LICENSE));
        assertEquals(405, getLicense.status, "licences are acquired by POST only");

        FakeHttpExchange delete = serve(new FakeHttpExchange("DELETE", TEMPLATES));
        assertEquals("GET, POST", delete.responseHeaders.get("Allow"));
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeAnyByteIsRead() throws Exception {
        FakeHttpExchange big = new FakeHttpExchange("POST", LICENSE);
        big.contentLength = LIMIT + 1;
        serve(big);
        assertEquals(413, big.status);
        assertTrue(big.body().contains("exceeds " + LIMIT + " bytes"), big.body());
        assertFalse(big.asyncStarted);
        assertNull(big.readListener, "the body is not read");
    }

    @Test
    void aBodyThatPassesTheLimitWhileArrivingIs413AndNeverForwarded() throws Exception {
        FakeHttpExchange chunked = serve(new FakeHttpExchange("POST", LICENSE)
                .header("Content-Type", "application/json"));
        chunked.arrive(new byte[40], new byte[40]);
        chunked.awaitCompleted();
        assertEquals(413, chunked.status);
        assertTrue(forwarded.isEmpty());
    }

    @Test
    void anUnknownWorkloadDeclarationIs400AndNotEchoed() throws Exception {
        FakeHttpExchange bad = serve(new FakeHttpExchange("POST", LICENSE).header("X-RMS-Workload", "<script>"));
        assertEquals(400, bad.status);
        assertTrue(bad.body().contains("bad_workload"), bad.body());
        assertFalse(bad.body().contains("<script>"), bad.body());
    }

    @Test
    void aGetOfTemplatesBecomesTheBodyTheCloudReads() throws Exception {
        FakeHttpExchange all = serve(new FakeHttpExchange("GET", TEMPLATES)).awaitCompleted();
        assertEquals(200, all.status);
        FakeHttpExchange one = new FakeHttpExchange("GET", TEMPLATES);
        one.parameters.put("id", "tmpl-\"1\"");
        serve(one).awaitCompleted();
        assertEquals(List.of("{}", "{\"id\":\"tmpl-\\\"1\\\"\"}"), forwarded.stream()
                .map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList());
        assertEquals(Operation.TEMPLATES, forwarded.get(0).operation());
    }

    @Test
    void aPlainRequestIdIsEchoedAndAnythingElseReplaced() throws Exception {
        assertEquals("abc-1.2:x_Y", serve(new FakeHttpExchange("POST", "/none")
                .header("X-Request-Id", "abc-1.2:x_Y")).responseHeaders.get("X-Request-Id"));
        for (String hostile : new String[] {"a b", "line\nbreak", "<id>", "x".repeat(65), ""}) {
            FakeHttpExchange answered = serve(new FakeHttpExchange("POST", "/none").header("X-Request-Id", hostile));
            String id = answered.responseHeaders.get("X-Request-Id");
            assertNotEquals(hostile, id);
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
            assertTrue(answered.body().contains("\"requestId\":\"" + id + "\""), answered.body());
        }
    }

    @Test
    void aBodyReadInChunksIsForwardedAndTheCloudsAnswerWritten() throws Exception {
        cloud = new CompletableFuture<>();
        FakeHttpExchange post = serve(new FakeHttpExchange("POST", LICENSE).header("Content-Type", "application/json")
                .header("X-Request-Id", "req-7").header("X-RMS-Workload", "exchange"));
        assertTrue(post.asyncStarted);
        assertEquals(1234L, post.asyncTimeout);
        post.arrive("{\"serverCertificate\":".getBytes(StandardCharsets.UTF_8),
                "\"a.b.c\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, forwarded.size());
        assertEquals("{\"serverCertificate\":\"a.b.c\"}", new String(forwarded.get(0).body(),
                StandardCharsets.UTF_8));
        assertEquals("EXCH01$", forwarded.get(0).actor().account());
        assertFalse(post.completed(), "nothing is written before the cloud answers");

        cloud.complete(new CloudResponse(201, "application/json; charset=utf-8",
                "{\"license\":\"x.y.z\"}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(4)));
        post.awaitCompleted();
        assertEquals(201, post.status);
        assertEquals("application/json; charset=utf-8", post.contentType);
        assertEquals("{\"license\":\"x.y.z\"}", post.body());
        assertEquals(post.written.size(), post.responseContentLength);
        assertEquals("req-7", post.responseHeaders.get("X-Request-Id"));
        assertTrue(metrics.scrape().contains(
                "rms_relay_requests_total{operation=\"acquire_license\",workload=\"exchange\",status=\"201\"} 1"),
                metrics.scrape());
    }

    @Test
    void noAnswerInTimeIs504AndALateAnswerIsDropped() throws Exception {
        cloud = new CompletableFuture<>();
        FakeHttpExchange post = serve(new FakeHttpExchange("POST", LICENSE).header("Content-Type", "application/json"));
        post.arrive("{}".getBytes(StandardCharsets.UTF_8));
        post.timeout();
        assertTrue(post.completed());
        assertEquals(504, post.status);
        assertTrue(post.body().contains("no answer within 1234 ms"), post.body());
        String written = post.body();

        cloud.complete(new CloudResponse(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                Duration.ZERO));
        assertEquals(written, post.body(), "one answer per request");
    }
}
