package org.rmsconnector.relay.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.rmsconnector.api.transport.ActorContext;
import org.rmsconnector.api.transport.CloudRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A diagnostic record of what the relay received, what it forwarded to the cloud and what it answered, one file per
 * request ({@code <directory>/<requestId>.trace}), bodies byte for byte. Off unless {@code trace.directory} is set.
 * <p>
 * Support asks for it when a server and the cloud disagree; the tests use it to prove that nothing the relay sees
 * carries a content key in clear. It holds what the servers send — certificates, licences, document metadata —
 * so it is owner-only, bounded ({@code trace.max.requests} files per configuration, bodies cut at
 * {@code trace.max.body.bytes}) and meant to be switched off again.
 */
final class WireTrace {
    private static final Logger LOG = LoggerFactory.getLogger(WireTrace.class);

    /** Tracing off: every method returns at once. */
    static final WireTrace OFF = new WireTrace(null, 0, 0, Clock.systemUTC());

    private final Path directory;
    private final int maxRequests;
    private final int maxBodyBytes;
    private final Clock clock;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicBoolean fullReported = new AtomicBoolean();

    WireTrace(Path directory, int maxRequests, int maxBodyBytes, Clock clock) {
        this.directory = directory;
        this.maxRequests = maxRequests;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /**
     * The trace a configuration asks for.
     *
     * @param configured the {@code trace.directory} setting; relative to {@code home}; empty for none
     */
    static WireTrace of(String configured, Path home, int maxRequests, int maxBodyBytes) {
        if (configured == null || configured.isBlank()) {
            return OFF;
        }
        Path dir = home.resolve(configured.strip()).normalize();
        try {
            Files.createDirectories(dir);
            PrivateDirectory.restrict(dir);
        } catch (IOException e) {
            LOG.error("wire trace: cannot create {}: {}; tracing stays off", dir, e.getMessage());
            return OFF;
        }
        LOG.warn("wire trace ON: every request's bodies are written to {} (at most {} requests); switch it off"
                + " (trace.directory=) once the diagnosis is done", dir, maxRequests);
        return new WireTrace(dir, Math.max(1, maxRequests), Math.max(0, maxBodyBytes), Clock.systemUTC());
    }

    boolean on() {
        return directory != null;
    }

    void received(Inbound in) {
        if (!on() || !begin()) {
            return;
        }
        write(in.requestId(), "received", Map.of("operation", in.operation().name(),
                "declaredWorkload", in.declaredWorkload().map(w -> w.id()).orElse("-"),
                "remoteAddress", String.valueOf(in.credentials().remoteAddress())), in.body());
    }

    void forwarded(CloudRequest request) {
        if (!on()) {
            return;
        }
        ActorContext actor = request.actor();
        write(request.requestId(), "forwarded", Map.of("operation", request.operation().name(),
                "account", actor.account(), "role", actor.role().id(),
                "onBehalfOf", String.valueOf(actor.onBehalfOf()), "superUser", String.valueOf(actor.superUser())),
                request.body());
    }

    void answered(String requestId, Answer answer) {
        if (!on()) {
            return;
        }
        write(requestId, "answered", Map.of("status", Integer.toString(answer.status()),
                "contentType", String.valueOf(answer.contentType())), answer.body());
    }

    /** Counts a new request; false once the bound is reached (said once in the log). */
    private boolean begin() {
        if (started.incrementAndGet() <= maxRequests) {
            return true;
        }
        if (fullReported.compareAndSet(false, true)) {
            LOG.warn("wire trace: {} requests traced, the bound; later requests are not traced", maxRequests);
        }
        return false;
    }

    private void write(String requestId, String step, Map<String, String> facts, byte[] body) {
        Path file = directory.resolve(safe(requestId) + ".trace");
        if (!"received".equals(step) && !Files.exists(file)) {
            return; // its request was not traced (over the bound)
        }
        StringBuilder head = new StringBuilder("=== ").append(step).append(' ').append(clock.instant());
        new java.util.TreeMap<>(facts).forEach((k, v) -> head.append(' ').append(k).append('=').append(v));
        int length = body == null ? 0 : body.length;
        int kept = Math.min(length, maxBodyBytes);
        head.append(" bodyBytes=").append(length).append(kept < length ? " (cut at " + kept + ")" : "").append('\n');
        try {
            byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
            byte[] record = new byte[h.length + kept + 1];
            System.arraycopy(h, 0, record, 0, h.length);
            if (kept > 0) {
                System.arraycopy(body, 0, record, h.length, kept);
            }
            record[record.length - 1] = '\n';
            Files.write(file, record, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("[{}] wire trace: cannot write {}: {}", requestId, file, e.getMessage());
        }
    }

    /** A request id is the caller's choice: keep it to a safe file name. */
    static String safe(String requestId) {
        String s = requestId == null ? "" : requestId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.isEmpty() || s.startsWith(".")) {
            s = "r" + s;
        }
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    /** Owner-only where the file system knows POSIX permissions. */
    private static final class PrivateDirectory {
        static void restrict(Path dir) throws IOException {
            try {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX (Windows): the folder inherits the install's ACLs
            }
        }
    }
}
