package org.rmsconnector.relay.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.auth.AuthenticationException;
import org.rmsconnector.api.auth.Authenticator;
import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.AuthorizationService;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.transport.ActorContext;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudTransport;
import org.rmsconnector.api.transport.CloudUnavailableException;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.events.CatalogEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's whole job, in order: {@link #checkWorkloadServed is the workload served} → {@link #authenticate} →
 * {@link #authorize} → {@link #serve check the body and dispatch} to the workload adapter → {@link #forward} to the
 * cloud → answer. Every step that cannot go on answers with the relay's one error shape; nothing here blocks, and the
 * stage it returns always completes normally.
 *
 * <p>This component holds the services the steps use — authenticators, adapters, authorization, transport, event
 * admin — as dynamic references: any of them may come and go while the relay serves, and each request sees them as
 * they are when it reaches the step. The servlet references it and does HTTP only. The body is checked only for an
 * authorized caller: anyone else learns nothing from it.
 */
@Component(service = Pipeline.class, configurationPid = RelayServlet.PID)
public class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** DS sorts them by ascending ranking; {@link #authenticators()} asks the highest first. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Authenticator> authenticators = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuthorizationService authorization;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CloudTransport transport;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RelayMetrics metrics;

    /** The adapters bound, and the requests waiting while one is swapped. */
    private final AdapterSlots adapters = new AdapterSlots();
    private final String nodeProperty;
    private final Path home;
    private final Predicate<Map<String, Object>> bundleStopping;
    private final BooleanSupplier frameworkStopping;
    private final Throttled throttled = new Throttled();
    private volatile String node;
    private volatile WireTrace trace = WireTrace.OFF;
    private volatile ServerLimits limits;

    @Activate
    public Pipeline(RelayConfiguration config, BundleContext context) {
        this(config, context.getProperty(NodeName.PROPERTY), home(context.getProperty("rms.home")),
                properties -> AdapterSlots.bundleStopping(context, properties),
                () -> AdapterSlots.frameworkStopping(context));
    }

    /**
     * @param bundleStopping whether the bundle that registered a service (given its properties) is stopping, being
     *                       updated or uninstalled rather than just disabling its adapter
     * @param frameworkStopping whether the whole node is stopping
     */
    Pipeline(RelayConfiguration config, String nodeProperty, Path home,
            Predicate<Map<String, Object>> bundleStopping, BooleanSupplier frameworkStopping) {
        this.nodeProperty = nodeProperty;
        this.home = home;
        this.bundleStopping = bundleStopping;
        this.frameworkStopping = frameworkStopping;
        modified(config);
    }

    @Modified
    void modified(RelayConfiguration config) {
        this.node = NodeName.resolve(config.node_name(), nodeProperty);
        this.trace = WireTrace.of(config.trace_directory(), home, config.trace_max_requests(),
                config.trace_max_body_bytes());
        this.limits = ServerLimits.orKeep(config, limits);
        adapters.waitFor(Math.min(config.adapter_wait_ms(), config.request_timeout_ms()));
    }

    private static Path home(String rmsHome) {
        return Path.of(rmsHome == null || rmsHome.isBlank() ? "." : rmsHome);
    }

    /** The request's answer. The stage never fails: an unexpected failure is a 500 and event 3000. */
    CompletionStage<Answer> handle(Inbound in) {
        WireTrace current = trace;
        current.received(in);
        CompletionStage<Answer> answer;
        try {
            answer = steps(in, current);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((done, failure) -> {
            Answer out = failure == null ? done : unexpected(in.requestId(), failure);
            if (current.on()) {
                current.answered(in.requestId(), out);
            }
            return out;
        });
    }

    /** The workloads that have an adapter on this node now, for the verification page. */
    Set<Workload> served() {
        return adapters.served();
    }

    private CompletionStage<Answer> steps(Inbound in, WireTrace trace) {
        Answer early = checkWorkloadServed(in);
        if (early != null) {
            return done(early);
        }
        Caller caller;
        try {
            Optional<Caller> found = authenticate(in);
            if (found.isEmpty()) {
                event(ConnectorEvent.NO_PRINCIPAL, "request without an authenticated principal",
                        Map.of("host", in.credentials().remoteAddress(), "requestId", in.requestId()));
                return done(unauthenticated(null, in.requestId()));
            }
            caller = found.get();
        } catch (AuthenticationException e) {
            event(ConnectorEvent.NO_PRINCIPAL, e.getMessage(),
                    Map.of("host", in.credentials().remoteAddress(), "requestId", in.requestId()));
            return done(unauthenticated(e.getMessage(), in.requestId()));
        } catch (NotReady e) {
            return done(e.answer);
        }
        return authorize(in, caller, trace);
    }

    /**
     * Asks the authorization service without waiting: when it must first read the caller's groups from the
     * directory, the rest of the pipeline runs when they arrive, on the thread that read them.
     */
    private CompletionStage<Answer> authorize(Inbound in, Caller caller, WireTrace trace) {
        AuthorizationService authz = authorization;
        if (authz == null) {
            return done(Answer.error(503, "authorization_unavailable",
                    "the authorization service is not running on this node", in.requestId()));
        }
        if (authz.policyUpdated().isEmpty()) {
            return done(Answer.error(503, "not_ready", "this node has no authorized-servers list yet (it is starting"
                    + " or cannot reach the cloud); try again shortly", in.requestId(), Map.of(),
                    Map.of("Retry-After", "5")));
        }
        return authz.authorizeAsync(caller).thenCompose(granted -> {
            if (granted.isEmpty()) {
                event(ConnectorEvent.UNAUTHORIZED, "unauthorized access attempt", Map.of("account",
                        caller.account(), "host", caller.remoteAddress(), "requestId", in.requestId()));
                return done(Answer.error(403, "not_authorized", "account " + caller.account()
                        + " is not on the connector's authorized servers list", in.requestId()));
            }
            Workload role = granted.get().role();
            ServerLimits admitting = limits;
            Optional<ServerLimits.Refusal> refused = admitting.tryAcquire(caller.account(), granted.get().entry(), role);
            if (refused.isPresent()) {
                throttled(caller, role, refused.get());
                return done(Answer.error(429, "too_many_requests", refused.get().message(), in.requestId(),
                        Map.of("limit", refused.get().reason()), Map.of("Retry-After",
                                Long.toString(refused.get().retryAfterSeconds()))).withRole(role));
            }
            CompletionStage<Answer> answer;
            try {
                answer = serve(in, caller, granted.get(), trace, true);
            } catch (RuntimeException e) {
                admitting.release(caller.account());
                throw e;
            }
            return answer.whenComplete((a, f) -> admitting.release(caller.account()))
                    .thenApply(a -> a.withRole(role));
        });
    }

    /** A 429: event 4050 once per server and minute, with how many were refused since the last one. */
    private void throttled(Caller caller, Workload role, ServerLimits.Refusal refusal) {
        RelayMetrics counted = metrics;
        if (counted != null) {
            counted.throttled(role, refusal.reason());
        }
        long refusedSince = throttled.refused(caller.account(), System.nanoTime());
        if (refusedSince > 0) {
            LOG.warn("{} ({}) gets 429: {} ({} refused in the last minute)", caller.account(), role.id(),
                    refusal.message(), refusedSince);
            event(ConnectorEvent.SERVER_THROTTLED, refusal.message(), Map.of("account", caller.account(),
                    "host", caller.remoteAddress(), "workload", role.id(), "limit", refusal.reason(),
                    "refused", refusedSince));
        }
    }

    /**
     * The steps after authorization, for a caller authorized as {@code granted.role()}. When the role's adapter is
     * being swapped, the request waits for the new one; {@code again} allows one more wait when the adapter goes
     * away while it handles the request.
     */
    private CompletionStage<Answer> serve(Inbound in, Caller caller, Authorization granted, WireTrace trace,
            boolean again) {
        Workload role = granted.role();
        if (in.declaredWorkload().isPresent() && in.declaredWorkload().get() != role) {
            return done(Answer.error(403, "workload_mismatch", "account " + caller.account() + " is authorized as "
                    + role.id() + ", not " + in.declaredWorkload().get().id(), in.requestId()));
        }
        Optional<Answer> badBody = StrictBody.refusal(in);
        if (badBody.isPresent()) {
            return done(badBody.get());
        }
        return adapters.await(role).thenCompose(adapter -> adapter.isEmpty()
                ? done(workloadUnavailable(role, in.requestId()))
                : dispatch(in, caller, granted, trace, adapter.get(), again));
    }

    private CompletionStage<Answer> dispatch(Inbound in, Caller caller, Authorization granted, WireTrace trace,
            WorkloadAdapter current, boolean again) {
        Workload role = granted.role();
        Optional<WorkloadAdapter> adapter = Optional.of(current);
        if (!adapter.get().operations().contains(in.operation())) {
            return done(Answer.error(403, "operation_not_allowed", "the " + role.id() + " role may not call "
                    + in.operation().name(), in.requestId()));
        }
        AdapterResult result;
        try {
            result = adapter.get().handle(new WorkloadRequest(in.requestId(), in.operation(), caller, granted,
                    in.body()));
        } catch (RuntimeException e) {
            if (again && adapters.current(role).filter(a -> a == current).isEmpty()) {
                // went away under the request: its bundle is being replaced; the next one serves it
                LOG.debug("[{}] the {} adapter went away during the request; waiting for its replacement",
                        in.requestId(), role.id());
                return serve(in, caller, granted, trace, false);
            }
            return done(adapterFailed(role, adapter.get(), e, in.requestId()));
        }
        if (result instanceof AdapterResult.Refuse refuse) {
            return done(Answer.error(refuse.status(), refuse.code(), refuse.message(), in.requestId()));
        }
        AdapterResult.Forward forward = (AdapterResult.Forward) result;
        CloudTransport cloud = transport;
        if (cloud == null) {
            return done(Answer.error(503, "cloud_transport_unavailable",
                    "the cloud transport is not running on this node", in.requestId()));
        }
        ActorContext actor = new ActorContext(caller.account(), granted.entry(), role, forward.onBehalfOf(),
                forward.superUser());
        CloudRequest outbound = new CloudRequest(in.requestId(), in.operation(), forward.body(), actor);
        trace.forwarded(outbound);
        return forward(cloud, outbound);
    }

    private CompletionStage<Answer> forward(CloudTransport cloud, CloudRequest request) {
        CompletionStage<CloudResponse> call;
        try {
            call = cloud.forward(request);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((response, failure) -> {
            if (failure == null) {
                return new Answer(response.status(), response.contentType(), response.body(), Map.of())
                        .withCloudTime(response.cloudTime());
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof CloudUnavailableException down) {
                long seconds = Math.max(1, down.retryAfter().toSeconds());
                return Answer.error(503, "cloud_unavailable", down.getMessage(), request.requestId(), Map.of(),
                        Map.of("Retry-After", Long.toString(seconds)));
            }
            LOG.error("[{}] forwarding {} failed", request.requestId(), request.operation(), cause);
            event(ConnectorEvent.UNHANDLED_EXCEPTION, String.valueOf(cause), Map.of("requestId", request.requestId()));
            return Answer.error(502, "cloud_error", "the call to the cloud service failed", request.requestId());
        });
    }

    /**
     * Before anything else: is the workload the caller declares (or, without a declaration, any workload) served
     * on this node? This tells nothing the verification page does not already show, and saves the work.
     */
    private Answer checkWorkloadServed(Inbound in) {
        if (in.declaredWorkload().isPresent()) {
            Workload declared = in.declaredWorkload().get();
            return adapters.current(declared).isPresent() || adapters.swapping(declared) ? null
                    : workloadUnavailable(declared, in.requestId());
        }
        if (!served().isEmpty() || adapters.anySwapping()) {
            return null;
        }
        String all = Arrays.stream(Workload.values()).map(Workload::id).collect(Collectors.joining(", "));
        return Answer.error(503, "workload_unavailable", "no workload adapter is deployed on this node (" + all + ")",
                in.requestId(), Map.of("workload", all), Map.of("Retry-After", "5"));
    }

    private Optional<Caller> authenticate(Inbound in) throws AuthenticationException, NotReady {
        List<Authenticator> ranked = authenticators();
        if (ranked.isEmpty()) {
            throw new NotReady(Answer.error(503, "authentication_unavailable",
                    "no authenticator is running on this node", in.requestId()));
        }
        for (Authenticator authenticator : ranked) {
            Optional<Caller> caller = authenticator.authenticate(in.credentials());
            if (caller.isPresent()) {
                return caller;
            }
        }
        return Optional.empty();
    }

    /**
     * A 401: the reason, and in {@code WWW-Authenticate} the scheme of every authenticator that reads the
     * {@code Authorization} header (Kerberos: {@code Negotiate}), so a client knows what it may send. The client
     * certificate stays offered in the TLS handshake.
     */
    private Answer unauthenticated(String reason, String requestId) {
        List<String> challenges = authenticators().stream().map(Authenticator::challenge)
                .flatMap(Optional::stream).distinct().toList();
        String message = reason != null ? reason : "this connector requires an authenticated caller (a client"
                + " certificate" + (challenges.isEmpty() ? ""
                        : ", or Authorization: " + String.join(" or ", challenges)) + ")";
        return Answer.error(401, "unauthenticated", message, requestId, Map.of(), challenges.isEmpty() ? Map.of()
                : Map.of("WWW-Authenticate", String.join(", ", challenges)));
    }

    private Answer adapterFailed(Workload role, WorkloadAdapter adapter, RuntimeException e, String requestId) {
        // An adapter whose bundle is being stopped or replaced fails in all sorts of ways; the caller gets a clean 503.
        if (adapters.current(role).filter(a -> a == adapter).isEmpty()) {
            LOG.info("[{}] the {} adapter went away during the request: {}", requestId, role.id(), e.toString());
            return workloadUnavailable(role, requestId);
        }
        LOG.error("[{}] the {} adapter failed", requestId, role.id(), e);
        event(ConnectorEvent.UNHANDLED_EXCEPTION, e.toString(), Map.of("requestId", requestId, "workload", role.id()));
        return Answer.error(500, "internal_error", "the " + role.id() + " adapter failed; see the connector log",
                requestId);
    }

    private Answer unexpected(String requestId, Throwable failure) {
        Throwable cause = unwrap(failure);
        LOG.error("[{}] the pipeline failed", requestId, cause);
        event(ConnectorEvent.UNHANDLED_EXCEPTION, cause.toString(), Map.of("requestId", requestId));
        return Answer.error(500, "internal_error", "unexpected failure; see the log", requestId);
    }

    static Answer workloadUnavailable(Workload workload, String requestId) {
        return Answer.error(503, "workload_unavailable", "the " + workload.id()
                + " workload is not available on this node: its adapter is not deployed or is disabled",
                requestId, Map.of("workload", workload.id()), Map.of("Retry-After", "5"));
    }

    // --- the services, as they are at the moment of the call

    private List<Authenticator> authenticators() {
        List<Authenticator> list = new ArrayList<>(authenticators);
        Collections.reverse(list);
        return list;
    }

    /** An adapter arrived (its bundle dropped into deploy/, or its workload enabled): event 4002. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAdapter(WorkloadAdapter adapter, Map<String, Object> properties) {
        adapters.bound(adapter);
        event(ConnectorEvent.ADAPTER_ADDED, "the " + adapter.workload().id() + " adapter is available",
                adapterFacts(adapter, properties));
    }

    /**
     * An adapter went away. When its bundle is stopping (the jar replaced, updated or moved out), requests for the
     * workload wait up to {@code adapter.wait.ms} for the replacement, and event 4003 says so; when only the
     * workload was disabled, the switch's event 4001 has said it and the workload answers 503 at once; when the
     * whole node stops, nothing is said.
     */
    void unbindAdapter(WorkloadAdapter adapter, Map<String, Object> properties) {
        boolean swap = bundleStopping.test(properties);
        Workload workload = adapter.workload();
        adapters.unbound(adapter, swap);
        if (swap && !frameworkStopping.getAsBoolean()) {
            event(ConnectorEvent.ADAPTER_REMOVED, "the " + workload.id() + " adapter went away with its bundle: "
                    + workload.id() + " requests wait up to " + adapters.waitMillis()
                    + " ms for its replacement, then get 503", adapterFacts(adapter, properties));
        }
    }

    private static Map<String, Object> adapterFacts(WorkloadAdapter adapter, Map<String, Object> properties) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("workload", adapter.workload().id());
        Object bundle = properties.get("service.bundleid");
        if (bundle != null) {
            facts.put("bundleId", bundle.toString());
        }
        return facts;
    }

    /** Posts a catalog event; without EventAdmin the journal's line is written directly, so none is lost. */
    private void event(ConnectorEvent event, String message, Map<String, Object> properties) {
        CatalogEvents.post(eventAdmin, event, message, node, properties);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static CompletionStage<Answer> done(Answer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    /** A step the pipeline needs is not running on this node. */
    private static final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Answer answer;

        NotReady(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }
}
