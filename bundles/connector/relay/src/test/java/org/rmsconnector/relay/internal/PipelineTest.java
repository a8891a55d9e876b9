package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.rmsconnector.api.auth.AuthenticationException;
import org.rmsconnector.api.auth.Authenticator;
import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.AuthorizationService;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudTransport;
import org.rmsconnector.api.transport.CloudUnavailableException;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.testing.RecordingEventAdmin;

class PipelineTest {

    private final Services services = new Services();
    private final Pipeline pipeline = services.pipeline;

    @Test
    void noAdapterAtAllNamesEveryWorkload() throws Exception {
        Answer answer = run(Optional.empty());
        assertEquals(503, answer.status());
        assertTrue(body(answer).contains("exchange, sharepoint, fci"), body(answer));
    }

    @Test
    void aDeclaredWorkloadWithoutAdapterIsNamed() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        Answer answer = run(Optional.of(Workload.FCI));
        assertEquals(503, answer.status());
        assertTrue(body(answer).contains("\"workload\":\"fci\""), body(answer));
        assertEquals("5", answer.headers().get("Retry-After"));
    }

    @Test
    void anonymousGets401AndEvent2000() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.authenticators.add(c -> Optional.empty());
        Answer answer = run(Optional.empty());
        assertEquals(401, answer.status());
        assertEquals(List.of(ConnectorEvent.NO_PRINCIPAL), services.events());
    }

    @Test
    void invalidCredentialsGet401WithTheReason() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.authenticators.add(c -> {
            throw new AuthenticationException("certificate expired");
        });
        Answer answer = run(Optional.empty());
        assertEquals(401, answer.status());
        assertTrue(body(answer).contains("certificate expired"));
    }

    @Test
    void a401OffersTheNegotiateSchemeOfAKerberosAuthenticatorBesidesTheCertificate() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.authenticators.add(c -> Optional.empty()); // the certificate one: no challenge of its own
        services.authenticators.add(new Authenticator() {
            @Override
            public Optional<Caller> authenticate(Credentials credentials) throws AuthenticationException {
                if (credentials.headers().containsKey("authorization")) {
                    throw new AuthenticationException("an NTLM token is not accepted");
                }
                return Optional.empty();
            }

            @Override
            public Optional<String> challenge() {
                return Optional.of("Negotiate");
            }
        });
        Answer anonymous = run(Optional.empty());
        assertEquals(401, anonymous.status());
        assertEquals("Negotiate", anonymous.headers().get("WWW-Authenticate"));
        assertTrue(body(anonymous).contains("a client certificate, or Authorization: Negotiate"), body(anonymous));
        services.headers.put("authorization", List.of("Negotiate TlRMTVNTUAABAAAA"));
        Answer ntlm = run(Optional.empty());
        assertEquals(401, ntlm.status());
        assertEquals("Negotiate", ntlm.headers().get("WWW-Authenticate"));
        assertTrue(body(ntlm).contains("NTLM"), body(ntlm));
        assertEquals(List.of(ConnectorEvent.NO_PRINCIPAL, ConnectorEvent.NO_PRINCIPAL), services.events());
    }

    @Test
    void aCertificateOnlyConnectorSends401WithoutWwwAuthenticate() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.authenticators.add(c -> Optional.empty());
        Answer answer = run(Optional.empty());
        assertEquals(401, answer.status());
        assertFalse(answer.headers().containsKey("WWW-Authenticate"));
    }

    @Test
    void unknownAccountGets403AndEvent2001() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        authenticateAs("intruder@contoso.com");
        services.authorization = authorizing(null);
        Answer answer = run(Optional.empty());
        assertEquals(403, answer.status());
        assertEquals(List.of(ConnectorEvent.UNAUTHORIZED), services.events());
    }

    @Test
    void aDeclarationThatContradictsTheRoleIsRefused() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.adapters.put(Workload.FCI, adapter(Workload.FCI, r -> forward()));
        authenticateAs("FS01$");
        services.authorization = authorizing(Workload.FCI);
        Answer answer = run(Optional.of(Workload.EXCHANGE));
        assertEquals(403, answer.status());
        assertTrue(body(answer).contains("workload_mismatch"));
        assertEquals(Workload.FCI, answer.role(), "the role, not the declaration");
    }

    @Test
    void theRolesAdapterMissingGets503NamingTheRole() throws Exception {
        services.adapters.put(Workload.SHAREPOINT, adapter(Workload.SHAREPOINT, r -> forward()));
        authenticateAs("EXCH01$");
        services.authorization = authorizing(Workload.EXCHANGE);
        Answer answer = run(Optional.empty());
        assertEquals(503, answer.status());
        assertTrue(body(answer).contains("\"workload\":\"exchange\""), body(answer));
    }

    @Test
    void anAdapterThatWentAwayMidRequestWithNoReplacementGivesACleanServiceUnavailable() throws Exception {
        authenticateAs("EXCH01$");
        services.authorization = authorizing(Workload.EXCHANGE);
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> {
            services.adapters.remove(Workload.EXCHANGE);   // the bundle is being stopped
            throw new IllegalStateException("Servlet has been unregistered");
        }));
        Answer answer = run(Optional.empty());
        assertEquals(503, answer.status());
        assertEquals(List.of(), services.events(), "an undeploy is not an unhandled exception");
    }

    @Test
    void aRequestDuringAnAdapterSwapIsServedByTheReplacement() throws Exception {
        exchangeForwardingAnything();
        services.adapters.remove(Workload.EXCHANGE);   // the old jar's bundle stops
        services.sync();
        CompletableFuture<Answer> waiting = pipeline.handle(inbound(Optional.of(Workload.EXCHANGE),
                "application/json", utf8("{}"))).toCompletableFuture();
        assertFalse(waiting.isDone(), "waits for the replacement instead of failing");
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        assertEquals(200, waiting.get(5, TimeUnit.SECONDS).status());
    }

    @Test
    void anAdapterThatGoesAwayUnderARequestHandsItToItsReplacement() throws Exception {
        exchangeForwardingAnything();
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> {
            services.adapters.remove(Workload.EXCHANGE);
            services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, again -> forward()));
            throw new IllegalStateException("Servlet has been unregistered");
        }));
        assertEquals(200, run(Optional.empty()).status());
    }

    @Test
    void aServerPastItsConcurrencyLimitGets429AndTheOthersDoNot() throws Exception {
        exchangeForwardingAnything();
        pipeline.modified(RelayConfigs.of(Map.of("server.max.concurrent", 1, "adapter.wait.ms", 300L)));
        RelayMetrics metrics = new RelayMetrics();
        pipeline.metrics = metrics;
        CompletableFuture<CloudResponse> slowCloud = new CompletableFuture<>();
        services.transport = r -> slowCloud;
        services.sync();
        CompletableFuture<Answer> first = pipeline.handle(inbound(Optional.empty(), "application/json", utf8("{}")))
                .toCompletableFuture();
        Answer second = pipeline.handle(inbound(Optional.empty(), "application/json", utf8("{}")))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(429, second.status());
        assertEquals("1", second.headers().get("Retry-After"));
        assertTrue(body(second).contains("too_many_requests"), body(second));
        assertTrue(metrics.scrape().contains("rms_relay_throttled_total{workload=\"exchange\",limit=\"concurrency\"} 1"),
                metrics.scrape());
        assertEquals(ConnectorEvent.SERVER_THROTTLED, services.eventAdmin.events().get(
                services.eventAdmin.events().size() - 1));

        services.authenticators.clear();
        authenticateAs("EXCH02$");
        services.sync();
        CompletableFuture<Answer> other = pipeline.handle(inbound(Optional.empty(), "application/json", utf8("{}")))
                .toCompletableFuture();
        assertFalse(other.isDone(), "another server is not limited by the first one's requests");

        slowCloud.complete(new CloudResponse(200, "application/json", utf8("{}"), Duration.ofMillis(1)));
        assertEquals(200, first.get(5, TimeUnit.SECONDS).status());
        assertEquals(200, other.get(5, TimeUnit.SECONDS).status());
        services.authenticators.clear();
        authenticateAs("EXCH01$");
        assertEquals(200, run(Optional.empty()).status(), "released when answered");
    }

    @Test
    void aDisabledWorkloadAnswers503AtOnceWithoutEvent4003() throws Exception {
        exchangeForwardingAnything();
        services.bundleStopping = false;   // the switch disabled the adapter; its bundle stays active
        services.adapters.remove(Workload.EXCHANGE);
        services.sync();
        CompletableFuture<Answer> answer = pipeline.handle(inbound(Optional.of(Workload.EXCHANGE),
                "application/json", utf8("{}"))).toCompletableFuture();
        assertTrue(answer.isDone(), "no wait for a workload switched off");
        assertEquals(503, answer.get().status());
        assertFalse(services.eventAdmin.events().contains(ConnectorEvent.ADAPTER_REMOVED));
    }

    @Test
    void aFailingAdapterThatIsStillThereIs500AndEvent3000() throws Exception {
        authenticateAs("EXCH01$");
        services.authorization = authorizing(Workload.EXCHANGE);
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> {
            throw new IllegalStateException("bug");
        }));
        Answer answer = run(Optional.empty());
        assertEquals(500, answer.status());
        assertEquals(List.of(ConnectorEvent.UNHANDLED_EXCEPTION), services.events());
    }

    @Test
    void aRefusalIsPassedOnWithoutCallingTheCloud() throws Exception {
        authenticateAs("FS01$");
        services.authorization = authorizing(Workload.FCI);
        services.adapters.put(Workload.FCI, adapter(Workload.FCI,
                r -> new AdapterResult.Refuse(415, "not_office", "FCI protects Office documents only")));
        services.transport = r -> {
            throw new AssertionError("the cloud must not be called");
        };
        Answer answer = run(Optional.empty());
        assertEquals(415, answer.status());
        assertTrue(body(answer).contains("Office documents only"));
    }

    @Test
    void aForwardedCallCarriesTheActorAndReturnsTheCloudsAnswer() throws Exception {
        authenticateAs("EXCH01$");
        services.authorization = authorizing(Workload.EXCHANGE);
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE,
                r -> new AdapterResult.Forward(r.body(), true, "alice@contoso.com")));
        List<CloudRequest> sent = new ArrayList<>();
        services.transport = r -> {
            sent.add(r);
            return CompletableFuture.completedFuture(new CloudResponse(200, "application/json",
                    "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(3)));
        };
        Answer answer = run(Optional.empty());
        assertEquals(200, answer.status());
        assertEquals("{\"ok\":true}", body(answer));
        CloudRequest request = sent.get(0);
        assertEquals("EXCH01$", request.actor().account());
        assertEquals(Workload.EXCHANGE, request.actor().role());
        assertTrue(request.actor().superUser());
        assertEquals("alice@contoso.com", request.actor().onBehalfOf());
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), request.body());
        // for the metrics
        assertEquals(Workload.EXCHANGE, answer.role());
        assertEquals(Duration.ofMillis(3), answer.cloudTime());
    }

    @Test
    void anAnswerBeforeAuthorizationCarriesNoRoleNorCloudTime() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.authenticators.add(c -> Optional.empty());
        Answer answer = run(Optional.empty());
        assertEquals(401, answer.status());
        assertNull(answer.role());
        assertNull(answer.cloudTime());
    }

    @Test
    void theCloudDownGives503WithRetryAfter() throws Exception {
        authenticateAs("EXCH01$");
        services.authorization = authorizing(Workload.EXCHANGE);
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.transport = r -> CompletableFuture.failedFuture(
                new CloudUnavailableException("circuit open", Duration.ofSeconds(30), null));
        Answer answer = run(Optional.empty());
        assertEquals(503, answer.status());
        assertEquals("30", answer.headers().get("Retry-After"));
        assertEquals(Workload.EXCHANGE, answer.role());
        assertNull(answer.cloudTime(), "the cloud did not answer");
    }

    @Test
    void anOperationOutsideTheRoleIsRefused() throws Exception {
        authenticateAs("SP01$");
        services.authorization = authorizing(Workload.SHAREPOINT);
        services.adapters.put(Workload.SHAREPOINT, new TestAdapter(Workload.SHAREPOINT, Set.of(Operation.CERTIFY),
                r -> forward()));
        Answer answer = run(Optional.empty());
        assertEquals(403, answer.status());
        assertTrue(body(answer).contains("operation_not_allowed"));
    }

    @Test
    void anAdapterArrivingAndLeavingIsEvent4002Then4003WithItsBundle() throws Exception {
        services.adapters.put(Workload.FCI, adapter(Workload.FCI, r -> forward()));
        assertEquals(Set.of(Workload.FCI), pipeline.served());
        Event added = services.eventAdmin.last(ConnectorEvent.ADAPTER_ADDED);
        assertEquals("fci", added.getProperty("workload"));
        assertEquals("42", added.getProperty("bundleId"));
        assertEquals("node-1", added.getProperty("node"));

        services.adapters.remove(Workload.FCI);
        assertEquals(Set.of(), pipeline.served());
        assertEquals(List.of(ConnectorEvent.ADAPTER_ADDED, ConnectorEvent.ADAPTER_REMOVED),
                services.eventAdmin.events());
        assertEquals(503, run(Optional.of(Workload.FCI)).status());
    }

    @Test
    void theNewestAdapterOfAWorkloadServesIt() throws Exception {
        exchangeForwardingAnything();
        pipeline.bindAdapter(new TestAdapter(Workload.EXCHANGE, Set.of(Operation.values()),
                r -> new AdapterResult.Refuse(409, "newer", "the newer adapter")), Map.of());
        assertEquals(409, run(Optional.empty()).status());
    }

    @Test
    void theHighestRankedAuthenticatorIsAskedFirst() throws Exception {
        exchangeForwardingAnything();
        Authenticator low = c -> Optional.of(new Caller("EXCH01$", c.remoteAddress(), "test", true));
        Authenticator high = c -> {
            throw new AuthenticationException("the highest-ranked one refuses");
        };
        pipeline.authenticators = List.of(low, high);   // as DS gives them: ascending ranking
        Answer answer = run(Optional.empty());
        assertEquals(401, answer.status());
        assertTrue(body(answer).contains("highest-ranked"), body(answer));
    }

    @Test
    void anAuthorizationThatMustReadTheDirectoryContinuesThePipelineWhenItCompletes() throws Exception {
        exchangeForwardingAnything();
        CompletableFuture<Optional<Authorization>> directory = new CompletableFuture<>();
        services.authorization = new AuthorizationService() {
            @Override
            public Optional<Authorization> authorize(Caller caller) {
                throw new AssertionError("the pipeline must not wait for the directory");
            }

            @Override
            public CompletionStage<Optional<Authorization>> authorizeAsync(Caller caller) {
                return directory;
            }

            @Override
            public long policyVersion() {
                return 7;
            }

            @Override
            public Optional<Instant> policyUpdated() {
                return Optional.of(Instant.now());
            }
        };
        services.sync();
        CompletableFuture<Answer> answer = pipeline.handle(inbound(Optional.empty(), "application/json",
                utf8("{}"))).toCompletableFuture();
        assertFalse(answer.isDone(), "the request thread went back without an answer");
        assertEquals(0, adapterCalls);

        directory.complete(Optional.of(new Authorization("RMS Exchange", Workload.EXCHANGE, 7)));
        Answer done = answer.get(5, TimeUnit.SECONDS);
        assertEquals(200, done.status());
        assertEquals(1, adapterCalls);
        assertEquals(Workload.EXCHANGE, done.role());
    }

    @Test
    void anUnexpectedFailureIs500AndEvent3000() throws Exception {
        exchangeForwardingAnything();
        services.authorization = new AuthorizationService() {
            @Override
            public Optional<Authorization> authorize(Caller caller) {
                throw new IllegalStateException("bug in the decision");
            }

            @Override
            public long policyVersion() {
                return 7;
            }

            @Override
            public Optional<Instant> policyUpdated() {
                return Optional.of(Instant.now());
            }
        };
        Answer answer = run(Optional.empty());
        assertEquals(500, answer.status());
        assertTrue(body(answer).contains("\"requestId\":\"req-1\""), body(answer));
        assertEquals(List.of(ConnectorEvent.UNHANDLED_EXCEPTION), services.events());
    }

    @Test
    void withoutTheAuthorizationServiceOrTheTransportTheAnswerIs503NamingIt() throws Exception {
        exchangeForwardingAnything();
        services.transport = null;
        assertTrue(body(run(Optional.empty())).contains("cloud_transport_unavailable"));
        services.authorization = null;
        assertTrue(body(run(Optional.empty())).contains("authorization_unavailable"));
        pipeline.authenticators = List.of();
        assertTrue(body(run(Optional.empty())).contains("authentication_unavailable"));
    }

    // --- what a body must be before any adapter reads it

    @Test
    void aBodyOfAnotherMediaTypeGets415SayingWhatIsExpected() throws Exception {
        exchangeForwardingAnything();
        Answer answer = run("text/plain", utf8("{}"));
        assertEquals(415, answer.status());
        assertTrue(body(answer).contains("\"error\":\"unsupported_media_type\""), body(answer));
        assertTrue(body(answer).contains("application/json"), body(answer));
        assertEquals(0, adapterCalls, "the adapter never saw it");
    }

    @Test
    void aBodyWithoutContentTypeGets415() throws Exception {
        exchangeForwardingAnything();
        Answer answer = run(null, utf8("{}"));
        assertEquals(415, answer.status());
        assertTrue(body(answer).contains("no Content-Type"), body(answer));
    }

    @Test
    void aCharsetOtherThanUtf8Gets415() throws Exception {
        exchangeForwardingAnything();
        Answer answer = run("application/json; charset=iso-8859-1", utf8("{}"));
        assertEquals(415, answer.status());
        assertTrue(body(answer).contains("JSON bodies are UTF-8"), body(answer));
    }

    @Test
    void jsonWithUtf8ParametersIsForwarded() throws Exception {
        exchangeForwardingAnything();
        assertEquals(200, run("application/json; charset=UTF-8", utf8("{}")).status());
        assertEquals(200, run("Application/JSON", utf8("{}")).status());
    }

    @Test
    void anEmptyBodyNeedsNoContentType() throws Exception {
        exchangeForwardingAnything();
        assertEquals(200, run(null, new byte[0]).status());
    }

    @Test
    void anUnauthenticatedCallerLearnsNothingAboutItsBody() throws Exception {
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> forward()));
        services.authenticators.add(c -> Optional.empty());
        assertEquals(401, run("text/plain", utf8("{\"a\":1,\"a\":2}")).status());
    }

    @Test
    void aMemberRepeatedInsideItemsGets400NamingItsPath() throws Exception {
        exchangeForwardingAnything();
        Answer answer = run("application/json", utf8("{\"serverCertificate\":\"a.b.c\",\"items\":[{},{},"
                + "{\"publishingLicense\":\"a.b.c\",\"publishingLicense\":\"d.e.f\"}]}"));
        assertEquals(400, answer.status());
        assertTrue(body(answer).contains("AcquireLicenseRequest.items[2].publishingLicense: duplicate member name"),
                body(answer));
        assertEquals(0, adapterCalls, "an adapter with a lax parser never sees it");
    }

    @Test
    void aMemberRepeatedInANestedObjectGets400() throws Exception {
        exchangeForwardingAnything();
        Answer answer = run("application/json", utf8("{\"a\":{\"b\":{\"c\":1,\"c\":1}}}"));
        assertEquals(400, answer.status());
        assertTrue(body(answer).contains("AcquireLicenseRequest.a.b.c: duplicate member name"), body(answer));
    }

    @Test
    void anEscapedLoneSurrogateGets400NamingItsPath() throws Exception {
        exchangeForwardingAnything();
        Answer answer = run("application/json", utf8("{\"items\":[{\"onBehalfOf\":\"\\ud800\"}]}"));
        assertEquals(400, answer.status());
        assertTrue(body(answer).contains("AcquireLicenseRequest.items[0].onBehalfOf: lone surrogate"), body(answer));
    }

    @Test
    void aRawLoneSurrogateGets400() throws Exception {
        exchangeForwardingAnything();
        byte[] cesu = {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'};
        Answer answer = run("application/json", cesu);
        assertEquals(400, answer.status());
        assertTrue(body(answer).contains("AcquireLicenseRequest.a: not UTF-8: byte 6 (0xed)"), body(answer));
    }

    @Test
    void bytesThatAreNotUtf8Get400NamingTheField() throws Exception {
        exchangeForwardingAnything();
        byte[] body = utf8("{\"items\":[{\"onBehalfOf\":\"bob?\"}]}");
        body[body.length - 5] = (byte) 0xff;
        Answer answer = run("application/json", body);
        assertEquals(400, answer.status());
        assertTrue(body(answer).contains("\"error\":\"bad_request\""), body(answer));
        assertTrue(body(answer).contains("AcquireLicenseRequest.items[0].onBehalfOf: not UTF-8"), body(answer));
        assertEquals(0, adapterCalls);
    }

    // --- helpers

    private int adapterCalls;

    /** EXCH01$ authorized for exchange, an adapter that forwards whatever it gets, a cloud that says ok. */
    private void exchangeForwardingAnything() {
        authenticateAs("EXCH01$");
        services.authorization = authorizing(Workload.EXCHANGE);
        services.adapters.put(Workload.EXCHANGE, adapter(Workload.EXCHANGE, r -> {
            adapterCalls++;
            return new AdapterResult.Forward(r.body(), false, null);
        }));
        services.transport = r -> CompletableFuture.completedFuture(new CloudResponse(200, "application/json",
                utf8("{\"ok\":true}"), Duration.ofMillis(1)));
    }

    private Answer run(Optional<Workload> declared) throws Exception {
        return run(declared, "application/json", utf8("{}"));
    }

    private Answer run(String contentType, byte[] body) throws Exception {
        return run(Optional.empty(), contentType, body);
    }

    private Answer run(Optional<Workload> declared, String contentType, byte[] body) throws Exception {
        services.sync();
        return pipeline.handle(inbound(declared, contentType, body, services.headers)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    private static Inbound inbound(Optional<Workload> declared, String contentType, byte[] body) {
        return inbound(declared, contentType, body, Map.of());
    }

    private static Inbound inbound(Optional<Workload> declared, String contentType, byte[] body,
            Map<String, List<String>> headers) {
        Credentials credentials = new Credentials(List.of(), headers, "10.0.0.5", true);
        return new Inbound("req-1", Operation.ACQUIRE_LICENSE, declared, credentials, contentType, body);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void authenticateAs(String account) {
        services.authenticators.add(c -> Optional.of(new Caller(account, c.remoteAddress(), "test", true)));
    }

    private static AuthorizationService authorizing(Workload role) {
        return new AuthorizationService() {
            @Override
            public Optional<Authorization> authorize(Caller caller) {
                return role == null ? Optional.empty() : Optional.of(new Authorization(caller.account(), role, 7));
            }

            @Override
            public long policyVersion() {
                return 7;
            }

            @Override
            public Optional<Instant> policyUpdated() {
                return Optional.of(Instant.now());
            }
        };
    }

    private static AdapterResult forward() {
        return new AdapterResult.Forward(new byte[0], false, null);
    }

    private static WorkloadAdapter adapter(Workload workload, java.util.function.Function<WorkloadRequest, AdapterResult> rule) {
        return new TestAdapter(workload, Set.of(Operation.values()), rule);
    }

    private static String body(Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private record TestAdapter(Workload workload, Set<Operation> operations,
            java.util.function.Function<WorkloadRequest, AdapterResult> rule) implements WorkloadAdapter {
        @Override
        public AdapterResult handle(WorkloadRequest request) {
            return rule.apply(request);
        }
    }

    /**
     * The pipeline's dynamic references as a test sets them: authenticators in the order they are asked, one adapter
     * per workload (bound and unbound the way DS does), and the events it posts.
     */
    private static final class Services {
        /** Whether an adapter that goes away goes with its bundle (a swap) rather than by being disabled. */
        volatile boolean bundleStopping = true;
        final Pipeline pipeline = new Pipeline(RelayConfigs.of(Map.of("adapter.wait.ms", 300L)), "node-1",
                Path.of("."), props -> bundleStopping, () -> false);
        final List<Authenticator> authenticators = new ArrayList<>() {
            @Override
            public boolean add(Authenticator a) {
                super.add(0, a);   // DS gives them lowest ranking first; a test adds the one to ask first last
                pipeline.authenticators = List.copyOf(this);
                return true;
            }
        };
        final Adapters adapters = new Adapters(pipeline);
        final RecordingEventAdmin eventAdmin = new RecordingEventAdmin();
        AuthorizationService authorization;
        CloudTransport transport;
        /** The request's headers, by lower-case name. */
        final Map<String, List<String>> headers = new java.util.HashMap<>();

        Services() {
            pipeline.eventAdmin = eventAdmin;
        }

        /** The catalog events posted, besides an adapter's arrival and departure. */
        List<ConnectorEvent> events() {
            sync();
            return eventAdmin.events().stream()
                    .filter(e -> e != ConnectorEvent.ADAPTER_ADDED && e != ConnectorEvent.ADAPTER_REMOVED).toList();
        }

        void sync() {
            pipeline.authorization = authorization;
            pipeline.transport = transport;
        }
    }

    /** Binds and unbinds adapters on the pipeline as DS would. */
    private static final class Adapters {
        private final Pipeline pipeline;
        private final Map<Workload, WorkloadAdapter> bound = new EnumMap<>(Workload.class);

        Adapters(Pipeline pipeline) {
            this.pipeline = pipeline;
        }

        void put(Workload workload, WorkloadAdapter adapter) {
            remove(workload);
            bound.put(workload, adapter);
            pipeline.bindAdapter(adapter, Map.of("service.bundleid", 42L));
        }

        void remove(Workload workload) {
            WorkloadAdapter old = bound.remove(workload);
            if (old != null) {
                pipeline.unbindAdapter(old, Map.of("service.bundleid", 42L));
            }
        }
    }

    @Test
    void errorBodiesAreEscapedJson() {
        Answer answer = Answer.error(400, "bad", "a \"quote\" <script>\n", "id");
        String json = body(answer);
        assertFalse(json.contains("<script>"), json);
        assertFalse(json.contains("\n"), json);
        assertTrue(json.contains("\\\"quote\\\""), json);
    }
}
