package org.rmsconnector.relay.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's whole job, in order: authenticate → authorize → check the body ({@link StrictBody}) → dispatch to the
 * workload adapter → forward to the cloud → answer. Every step that cannot go on answers with the relay's one error
 * shape; nothing here blocks. The body is checked only for an authorized caller: anyone else learns nothing from it.
 */
final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final RelayServices services;

    Pipeline(RelayServices services) {
        this.services = services;
    }

    CompletionStage<Answer> handle(Inbound in) {
        WireTrace trace = services.trace();
        trace.received(in);
        if (!trace.on()) {
            return steps(in);
        }
        return steps(in).thenApply(answer -> {
            trace.answered(in.requestId(), answer);
            return answer;
        });
    }

    private CompletionStage<Answer> steps(Inbound in) {
        Answer early = checkWorkloadServed(in);
        if (early != null) {
            return CompletableFuture.completedFuture(early);
        }
        // authenticate
        Caller caller;
        try {
            Optional<Caller> found = authenticate(in);
            if (found.isEmpty()) {
                services.event(ConnectorEvent.NO_PRINCIPAL, "request without an authenticated principal",
                        Map.of("host", in.credentials().remoteAddress(), "requestId", in.requestId()));
                return done(Answer.error(401, "unauthenticated",
                        "this connector requires an authenticated caller (a client certificate)", in.requestId()));
            }
            caller = found.get();
        } catch (AuthenticationException e) {
            services.event(ConnectorEvent.NO_PRINCIPAL, e.getMessage(),
                    Map.of("host", in.credentials().remoteAddress(), "requestId", in.requestId()));
            return done(Answer.error(401, "unauthenticated", e.getMessage(), in.requestId()));
        } catch (NotReady e) {
            return done(e.answer);
        }
        // authorize
        Optional<AuthorizationService> authz = services.authorization();
        if (authz.isEmpty()) {
            return done(Answer.error(503, "authorization_unavailable",
                    "the authorization service is not running on this node", in.requestId()));
        }
        Optional<Authorization> granted = authz.get().authorize(caller);
        if (granted.isEmpty()) {
            services.event(ConnectorEvent.UNAUTHORIZED, "unauthorized access attempt",
                    Map.of("account", caller.account(), "host", caller.remoteAddress(), "requestId", in.requestId()));
            return done(Answer.error(403, "not_authorized",
                    "account " + caller.account() + " is not on the connector's authorized servers list", in.requestId()));
        }
        Workload role = granted.get().role();
        return serve(in, caller, granted.get()).thenApply(answer -> answer.withRole(role));
    }

    /** The steps after authorization, for a caller authorized as {@code granted.role()}. */
    private CompletionStage<Answer> serve(Inbound in, Caller caller, Authorization granted) {
        Workload role = granted.role();
        if (in.declaredWorkload().isPresent() && in.declaredWorkload().get() != role) {
            return done(Answer.error(403, "workload_mismatch", "account " + caller.account() + " is authorized as "
                    + role.id() + ", not " + in.declaredWorkload().get().id(), in.requestId()));
        }
        Optional<Answer> badBody = StrictBody.refusal(in);
        if (badBody.isPresent()) {
            return done(badBody.get());
        }
        // dispatch
        Optional<WorkloadAdapter> adapter = services.adapter(role);
        if (adapter.isEmpty()) {
            return done(workloadUnavailable(role, in.requestId()));
        }
        if (!adapter.get().operations().contains(in.operation())) {
            return done(Answer.error(403, "operation_not_allowed", "the " + role.id() + " role may not call "
                    + in.operation().name(), in.requestId()));
        }
        WorkloadRequest request = new WorkloadRequest(in.requestId(), in.operation(), caller, granted, in.body());
        AdapterResult result;
        try {
            result = adapter.get().handle(request);
        } catch (RuntimeException e) {
            return done(adapterFailed(role, adapter.get(), e, in.requestId()));
        }
        if (result instanceof AdapterResult.Refuse refuse) {
            return done(Answer.error(refuse.status(), refuse.code(), refuse.message(), in.requestId()));
        }
        AdapterResult.Forward forward = (AdapterResult.Forward) result;
        // forward
        Optional<CloudTransport> transport = services.transport();
        if (transport.isEmpty()) {
            return done(Answer.error(503, "cloud_transport_unavailable",
                    "the cloud transport is not running on this node", in.requestId()));
        }
        ActorContext actor = new ActorContext(caller.account(), granted.entry(), role, forward.onBehalfOf(),
                forward.superUser());
        CloudRequest outbound = new CloudRequest(in.requestId(), in.operation(), forward.body(), actor);
        services.trace().forwarded(outbound);
        return forward(transport.get(), outbound);
    }

    private CompletionStage<Answer> forward(CloudTransport transport, CloudRequest request) {
        CompletionStage<CloudResponse> call;
        try {
            call = transport.forward(request);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((response, failure) -> {
            if (failure == null) {
                return new Answer(response.status(), response.contentType(), response.body(), Map.of())
                        .withCloudTime(response.cloudTime());
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof CloudUnavailableException down) {
                long seconds = Math.max(1, down.retryAfter().toSeconds());
                return Answer.error(503, "cloud_unavailable", down.getMessage(), request.requestId(), Map.of(),
                        Map.of("Retry-After", Long.toString(seconds)));
            }
            LOG.error("[{}] forwarding {} failed", request.requestId(), request.operation(), cause);
            services.event(ConnectorEvent.UNHANDLED_EXCEPTION, String.valueOf(cause),
                    Map.of("requestId", request.requestId()));
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
            return services.adapter(declared).isPresent() ? null : workloadUnavailable(declared, in.requestId());
        }
        boolean any = Arrays.stream(Workload.values()).anyMatch(w -> services.adapter(w).isPresent());
        if (any) {
            return null;
        }
        String all = Arrays.stream(Workload.values()).map(Workload::id).collect(Collectors.joining(", "));
        return Answer.error(503, "workload_unavailable", "no workload adapter is deployed on this node (" + all + ")",
                in.requestId(), Map.of("workload", all), Map.of("Retry-After", "5"));
    }

    private Optional<Caller> authenticate(Inbound in) throws AuthenticationException, NotReady {
        var authenticators = services.authenticators();
        if (authenticators.isEmpty()) {
            throw new NotReady(Answer.error(503, "authentication_unavailable",
                    "no authenticator is running on this node", in.requestId()));
        }
        for (Authenticator authenticator : authenticators) {
            Optional<Caller> caller = authenticator.authenticate(in.credentials());
            if (caller.isPresent()) {
                return caller;
            }
        }
        return Optional.empty();
    }

    private Answer adapterFailed(Workload role, WorkloadAdapter adapter, RuntimeException e, String requestId) {
        // An adapter whose bundle is being stopped or replaced fails in all sorts of ways; the caller gets a clean 503.
        if (services.adapter(role).filter(a -> a == adapter).isEmpty()) {
            LOG.info("[{}] the {} adapter went away during the request: {}", requestId, role.id(), e.toString());
            return workloadUnavailable(role, requestId);
        }
        LOG.error("[{}] the {} adapter failed", requestId, role.id(), e);
        services.event(ConnectorEvent.UNHANDLED_EXCEPTION, e.toString(),
                Map.of("requestId", requestId, "workload", role.id()));
        return Answer.error(500, "internal_error", "the " + role.id() + " adapter failed; see the connector log",
                requestId);
    }

    static Answer workloadUnavailable(Workload workload, String requestId) {
        return Answer.error(503, "workload_unavailable", "the " + workload.id()
                + " workload is not available on this node: its adapter is not deployed or is disabled",
                requestId, Map.of("workload", workload.id()), Map.of("Retry-After", "5"));
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
