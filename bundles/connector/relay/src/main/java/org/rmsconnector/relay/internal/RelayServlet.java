package org.rmsconnector.relay.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.commons.JsonText;
import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The front door: every on-premises server talks to this servlet under {@code /_wmcs/*}. It does HTTP only — routes
 * the path to an operation, refuses what HTTP alone can refuse (unknown endpoint, method, declared length, workload
 * header), reads the body without blocking, hands the request to the {@link Pipeline} and writes the answer when
 * the pipeline's stage completes, so no thread waits for the cloud.
 */
@Component(service = Servlet.class, configurationPid = RelayServlet.PID)
@Designate(ocd = RelayConfiguration.class)
@HttpWhiteboardServletPattern("/_wmcs/*")
@HttpWhiteboardServletName("rms-relay")
@HttpWhiteboardTarget(RelayServlet.CONNECTOR_HTTP)
@HttpWhiteboardServletAsyncSupported
public class RelayServlet extends HttpServlet {
    static final String PID = "org.rmsconnector.relay";
    /** The relay serves on the connector's listener only, never on the embedded cloud service's. */
    static final String CONNECTOR_HTTP = "(org.apache.felix.http.name=rms-connector)";
    static final String VERIFICATION_PATH = "/certification/servercertification.asmx";
    static final String WORKLOAD_HEADER = "X-RMS-Workload";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RelayServlet.class);
    /** Operations that only read, which the cloud's API (and so its clients) call with GET. */
    private static final Set<Operation> READABLE = EnumSet.of(Operation.SERVER_INFO, Operation.TEMPLATES);

    private final transient Pipeline pipeline;
    private final transient RelayMetrics metrics;
    private final transient Drain drain;
    private final transient Readiness readiness;
    private final String version;
    private final String nodeProperty;
    private volatile RelayConfiguration config;
    private volatile String node;

    @Activate
    public RelayServlet(RelayConfiguration config, BundleContext context, @Reference RelayMetrics metrics,
            @Reference Pipeline pipeline, @Reference Drain drain, @Reference Readiness readiness) {
        this(config, context.getBundle().getVersion().toString(), context.getProperty(NodeName.PROPERTY),
                metrics, pipeline, drain, readiness);
    }

    RelayServlet(RelayConfiguration config, String version, String nodeProperty, RelayMetrics metrics,
            Pipeline pipeline, Drain drain, Readiness readiness) {
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.drain = drain;
        this.readiness = readiness;
        this.version = version;
        this.nodeProperty = nodeProperty;
        modified(config);
    }

    @Modified
    void modified(RelayConfiguration config) {
        this.config = config;
        this.node = NodeName.resolve(config.node_name(), nodeProperty);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String requestId = requestId(req);
        resp.setHeader("X-Request-Id", requestId);
        MDC.put("requestId", requestId);
        try {
            route(req, resp, requestId);
        } finally {
            MDC.remove("requestId");
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, String requestId) throws IOException {
        long start = System.nanoTime();
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (VERIFICATION_PATH.equalsIgnoreCase(path)) {   // not an operation: not counted in the metrics
            verificationPage(req, resp, requestId);
            return;
        }
        Optional<Operation> operation = Arrays.stream(Operation.values())
                .filter(op -> op.path().equalsIgnoreCase(path)).findFirst();
        if (operation.isEmpty()) {
            reply(resp, null, Optional.empty(), start, Answer.error(404, "unknown_endpoint",
                    "no rights-management endpoint at /_wmcs" + path, requestId));
            return;
        }
        Operation op = operation.get();
        boolean readable = READABLE.contains(op);
        boolean get = "GET".equals(req.getMethod());
        if (!"POST".equals(req.getMethod()) && !(get && readable)) {
            String allow = readable ? "GET, POST" : "POST";
            reply(resp, op, Optional.empty(), start, Answer.error(405, "method_not_allowed",
                    op.name() + " takes " + allow, requestId, Map.of(), Map.of("Allow", allow)));
            return;
        }
        Optional<Workload> declared;
        try {
            declared = declaredWorkload(req.getHeader(WORKLOAD_HEADER));
        } catch (IllegalArgumentException e) {
            reply(resp, op, Optional.empty(), start, Answer.error(400, "bad_workload", e.getMessage(), requestId));
            return;
        }
        RelayConfiguration cfg = config;
        if (req.getContentLengthLong() > cfg.max_body_bytes()) {
            reply(resp, op, declared, start, tooLarge(cfg.max_body_bytes(), requestId));
            return;
        }
        Credentials credentials = credentials(req);
        AsyncContext async = req.startAsync();
        async.setTimeout(cfg.request_timeout_ms());
        Responder responder = new Responder(async, requestId, op, declared, start, cfg.request_timeout_ms());
        drain.accepted();
        async.addListener(responder);
        if (get) {
            // what the cloud's API reads by GET: no body; a template is named by ?id=
            String id = req.getParameter("id");
            byte[] body = (id == null ? "{}" : "{\"id\":" + JsonText.quote(id) + "}").getBytes(StandardCharsets.UTF_8);
            pipeline.handle(new Inbound(requestId, op, declared, credentials, Answer.JSON, body))
                    .thenAccept(responder::answer);
            return;
        }
        ServletInputStream in = req.getInputStream();
        in.setReadListener(new BodyReader(in, cfg.max_body_bytes(), requestId, responder, body -> pipeline
                .handle(new Inbound(requestId, op, declared, credentials, req.getContentType(), body))
                .thenAccept(responder::answer)));
    }

    private void verificationPage(HttpServletRequest req, HttpServletResponse resp, String requestId)
            throws IOException {
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            write(resp, Answer.error(405, "method_not_allowed", "use GET", requestId, Map.of(),
                    Map.of("Allow", "GET, HEAD")));
            return;
        }
        // the balancer's other probe: 200 only when a relayed request would be served end to end
        boolean ready = readiness.ready();
        byte[] page = VerificationPage.render(node, version, pipeline.served(), ready)
                .getBytes(StandardCharsets.UTF_8);
        closeWhileDraining(resp);
        try {
            write(resp, new Answer(ready ? 200 : 503, "text/html; charset=utf-8", page, Map.of("Cache-Control",
                    "no-store")));
        } catch (IOException e) {
            LOG.debug("the verification page's caller went away before the answer: {}", e.toString());
        }
    }

    /** Writes an answer and records it in the metrics. */
    private void reply(HttpServletResponse resp, Operation operation, Optional<Workload> declared, long start,
            Answer answer) throws IOException {
        try {
            closeWhileDraining(resp);
            write(resp, answer);
        } finally {
            record(operation, declared, start, answer);
        }
    }

    /** One request for the metrics: its workload is the role when authorized, else the declared one, else none. */
    private void record(Operation operation, Optional<Workload> declared, long start, Answer answer) {
        Workload workload = answer.role() != null ? answer.role() : declared.orElse(null);
        metrics.record(operation, workload, answer.status(), Duration.ofNanos(System.nanoTime() - start),
                answer.cloudTime());
    }

    /** While the node drains, each answer ends its connection, so the client's next one goes to another node. */
    private void closeWhileDraining(HttpServletResponse resp) {
        if (drain.draining()) {
            resp.setHeader("Connection", "close");
        }
    }

    private static Answer tooLarge(int limit, String requestId) {
        return Answer.error(413, "body_too_large", "the request body exceeds " + limit + " bytes", requestId);
    }

    private static Optional<Workload> declaredWorkload(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String id = header.trim().toLowerCase(Locale.ROOT);
        return Optional.of(Arrays.stream(Workload.values()).filter(w -> w.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        WORKLOAD_HEADER + " must be one of exchange, sharepoint, fci")));
    }

    /** The caller's {@code X-Request-Id} when it is short and plain, else a new one: it goes into logs and answers. */
    static String requestId(HttpServletRequest req) {
        return RequestIds.keepOrNew(req.getHeader(RequestIds.HEADER));
    }

    private static Credentials credentials(HttpServletRequest req) {
        Object attr = req.getAttribute("jakarta.servlet.request.X509Certificate");
        List<X509Certificate> chain = attr instanceof X509Certificate[] certs ? List.of(certs) : List.of();
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), Collections.list(req.getHeaders(name)));
        }
        return new Credentials(chain, headers, req.getRemoteAddr(), req.isSecure());
    }

    static void write(HttpServletResponse resp, Answer answer) throws IOException {
        resp.setStatus(answer.status());
        if (answer.contentType() != null) {
            resp.setContentType(answer.contentType());
        }
        answer.headers().forEach(resp::setHeader);
        resp.setContentLength(answer.body().length);
        resp.getOutputStream().write(answer.body());
    }

    /** Writes exactly one answer per request, whichever comes first: the pipeline, an error or the timeout. */
    private final class Responder implements AsyncListener {
        private final AsyncContext async;
        private final String requestId;
        private final Operation operation;
        private final Optional<Workload> declared;
        private final long start;
        private final long timeoutMs;
        private final AtomicBoolean answered = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();

        Responder(AsyncContext async, String requestId, Operation operation, Optional<Workload> declared,
                long start, long timeoutMs) {
            this.async = async;
            this.requestId = requestId;
            this.operation = operation;
            this.declared = declared;
            this.start = start;
            this.timeoutMs = timeoutMs;
        }

        void answer(Answer answer) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                reply((HttpServletResponse) async.getResponse(), operation, declared, start, answer);
            } catch (IOException | IllegalStateException e) {
                LOG.debug("[{}] client went away before the answer: {}", requestId, e.toString());
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    LOG.debug("[{}] request already completed", requestId);
                }
                finished();
            }
        }

        /** The request is no longer in flight, for the drain: counted once, whichever way it ended. */
        private void finished() {
            if (finished.compareAndSet(false, true)) {
                drain.answered();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            answer(Answer.error(504, "timeout", "no answer within " + timeoutMs + " ms", requestId));
        }

        @Override
        public void onError(AsyncEvent event) {
            answered.set(true);
            finished();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            answered.set(true);
            finished();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // nothing to do: one async cycle per request
        }
    }

    /** Reads the body as it arrives, without blocking, and refuses it as soon as it passes the limit. */
    private static final class BodyReader implements ReadListener {
        private final ServletInputStream in;
        private final int limit;
        private final String requestId;
        private final Responder responder;
        private final Consumer<byte[]> onBody;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[8192];
        private boolean refused;

        BodyReader(ServletInputStream in, int limit, String requestId, Responder responder, Consumer<byte[]> onBody) {
            this.in = in;
            this.limit = limit;
            this.requestId = requestId;
            this.responder = responder;
            this.onBody = onBody;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (body.size() + n > limit) {
                    refused = true;
                    responder.answer(tooLarge(limit, requestId));
                    return;
                }
                body.write(buffer, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            if (!refused) {   // a container may still report the end of a body refused on the way
                onBody.accept(body.toByteArray());
            }
        }

        @Override
        public void onError(Throwable t) {
            responder.answer(Answer.error(400, "bad_request", "could not read the request body: " + t.getMessage(),
                    requestId));
        }
    }
}
