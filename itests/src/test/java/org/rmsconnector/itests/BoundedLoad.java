package org.rmsconnector.itests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An on-premises server's calls, as a bounded load: a fixed number of worker threads, each looping one relayed call
 * after another through the load balancer, over mutual TLS with the server's client certificate, for as long as the
 * test lets it run. HTTP/1.1 over a plain {@link SSLSocket} written here, so nothing retries behind the test's back
 * (the JDK's HttpClient retries an idempotent request by itself when a pooled keep-alive connection turns out
 * closed, and its connection attempts too): every call
 * made is counted once, as a success (2xx) or a failure.
 * <p>
 * Failures are grouped by category: {@code HTTP <status> <relay error code> [Retry-After]} for answers, and
 * {@code <exception class> at <phase> on a <new|reused> connection} for everything that got no answer; the first few
 * bodies (or messages) of each category are kept for the report, and each failure's time for "none after" checks.
 * <p>
 * Connections are kept alive for {@code requestsPerConnection} calls, then closed by the client and opened again, so
 * HAProxy (which balances TCP connections, not requests) spreads them over the nodes. The first request on every new
 * connection is the verification page ({@code /_wmcs/certification/servercertification.asmx}), which names the node:
 * that is how the load knows which node answered what (relay answers do not name the node). Probes are counted
 * separately. A probe answered 503 (the node drains or is not ready: exactly what the page must say then, since
 * balancers may probe it) is not a relayed call: the connection is dropped and opened again, and the refusal is
 * counted as {@code probesRefused}. Any other failed probe is a failure like any other.
 */
final class BoundedLoad implements AutoCloseable {
    static final String TEMPLATES = "/_wmcs/licensing/templatedistribution.asmx";
    static final String VERIFICATION = "/_wmcs/certification/servercertification.asmx";
    private static final int SAMPLES = 3;
    private static final Pattern ERROR_CODE = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern NODE = Pattern.compile("<td id=\"node\">([^<]*)</td>");

    /** What the load does: who calls, how many at once, how fast, how long. */
    record Spec(String name, SSLContext ssl, int port, String workload, String path, int threads, long pauseMillis,
            int requestsPerConnection, int requestsPerWorker, boolean gated) {
    }

    /** One failure: when the call started, when it failed, and what. */
    record Failure(long startedNanos, long nanos, String category) {
    }

    private final Spec spec;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch connected;
    private final List<Thread> workers = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    final AtomicLong requests = new AtomicLong();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong probes = new AtomicLong();
    final AtomicLong probesRefused = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicLong connections = new AtomicLong();
    /** The slowest successful call, in milliseconds (connecting and probing included when the call did them). */
    final AtomicLong maxSuccessMillis = new AtomicLong();
    final Map<String, LongAdder> failuresByCategory = new ConcurrentHashMap<>();
    final Map<String, ConcurrentLinkedQueue<String>> samples = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    /** Successful relayed calls per node name (from the verification page of the connection that carried them). */
    final Map<String, LongAdder> successesByNode = new ConcurrentHashMap<>();
    /** Successful calls per status code (200, 201...). */
    final Map<Integer, LongAdder> successesByStatus = new ConcurrentHashMap<>();

    private BoundedLoad(Spec spec) {
        this.spec = spec;
        this.connected = new CountDownLatch(spec.threads());
    }

    /** Starts the workers; they loop until {@link #close()} (or until each made {@code requestsPerWorker} calls). */
    static BoundedLoad start(Spec spec) {
        BoundedLoad load = new BoundedLoad(spec);
        for (int i = 0; i < spec.threads(); i++) {
            Thread t = new Thread(load::work, spec.name() + "-" + i);
            t.setDaemon(true);
            load.workers.add(t);
        }
        load.workers.forEach(Thread::start);
        return load;
    }

    /**
     * A burst: {@code count} workers each open a connection (TLS handshake and probe done), wait until all are
     * connected (or {@code connectDeadline} passed), then each fires {@code requestsEach} calls at the same moment.
     * Returns once all are answered or failed, or the deadline has passed.
     */
    static BoundedLoad burst(String name, SSLContext ssl, int port, String workload, String path, int count,
            int requestsEach, java.time.Duration deadline) throws InterruptedException {
        BoundedLoad load = start(new Spec(name, ssl, port, workload, path, count, 0, requestsEach, requestsEach, true));
        load.connected.await(deadline.toMillis() / 2, TimeUnit.MILLISECONDS);
        load.gate.countDown();
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread t : load.workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
        load.close();
        return load;
    }

    /** An SSL context with a demo server's client certificate, trusting the connector's HTTPS certificate. */
    static SSLContext clientContext(Path clientP12, char[] clientPassword, Path trustP12, char[] trustPassword)
            throws Exception {
        KeyStore client = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(clientP12)) {
            client.load(in, clientPassword);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(client, clientPassword);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustP12)) {
            trust.load(in, trustPassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }

    long failureCount() {
        return failures.size();
    }

    /** Failures that happened after the given {@link System#nanoTime()}. */
    long failuresAfter(long nanos) {
        return failures.stream().filter(f -> f.nanos() - nanos > 0).count();
    }

    /** Failures of calls started after the given {@link System#nanoTime()}: not in flight at that moment. */
    long failuresOfCallsStartedAfter(long nanos) {
        return failures.stream().filter(f -> f.startedNanos() - nanos > 0).count();
    }

    /** Failure categories and their counts, in name order. */
    Map<String, Long> categories() {
        Map<String, Long> sorted = new TreeMap<>();
        failuresByCategory.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    /** Successful relayed calls per node, in name order. */
    Map<String, Long> perNode() {
        Map<String, Long> sorted = new TreeMap<>();
        successesByNode.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    /** Everything counted, for the CI log and assertion messages. */
    String report() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%s: %d calls (%d threads, pause %d ms), %d ok %s, %d failed; per node ok %s; "
                + "probes %d (%d refused with 503, connection opened again); connections %d; max in flight %d;"
                + " slowest success %d ms%n", spec.name(), requests.get(),
                spec.threads(), spec.pauseMillis(), successes.get(), statuses(), failureCount(), perNode(),
                probes.get(), probesRefused.get(), connections.get(), maxInFlight.get(), maxSuccessMillis.get()));
        categories().forEach((category, count) -> {
            s.append(String.format("    %6d  %s%n", count, category));
            for (String sample : samples.getOrDefault(category, new ConcurrentLinkedQueue<>())) {
                s.append("            e.g. ").append(sample).append('\n');
            }
        });
        return s.toString();
    }

    private Map<Integer, Long> statuses() {
        Map<Integer, Long> sorted = new TreeMap<>();
        successesByStatus.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    /** Stops the workers and waits for them; a call still waiting is cut off after 40 s by closing its socket. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        gate.countDown();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        for (Thread t : workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        for (Thread t : workers) {
            t.join(5_000);
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not stop");
            }
        }
    }

    // --- one worker

    /** One keep-alive connection and what is known about it. */
    private static final class Connection {
        final SSLSocket socket;
        final InputStream in;
        final OutputStream out;
        String node = "?";
        int used;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }
    }

    /** Where a call failed, for its category. */
    private static final class Phase {
        String name = "connect";
        boolean reused;
    }

    private void work() {
        Connection connection = null;
        int made = 0;
        try {
            while (running.get() && (spec.requestsPerWorker() == 0 || made < spec.requestsPerWorker())) {
                if (spec.gated() && made == 0) {
                    connection = gatedConnection();
                    if (connection == null) {
                        made++;   // its connection failed: that was this worker's first call, already counted
                        continue;
                    }
                }
                made++;
                connection = call(connection);
                if (spec.pauseMillis() > 0 && running.get()) {
                    Thread.sleep(spec.pauseMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                close(connection);
            }
        }
    }

    /** For a burst: connect (and probe) first, then wait for the gate. A failure here is counted as that call's. */
    private Connection gatedConnection() throws InterruptedException {
        Connection c = null;
        Phase phase = new Phase();
        long started = System.nanoTime();
        try {
            c = connect(phase);
        } catch (IOException | RuntimeException e) {
            requests.incrementAndGet();
            fail(started, exceptionCategory(e, phase), e.toString());
        } finally {
            connected.countDown();
        }
        gate.await();
        return c;
    }

    /** One relayed call (opening and probing a connection first when needed); returns the connection to reuse. */
    private Connection call(Connection connection) {
        requests.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        Phase phase = new Phase();
        long started = System.nanoTime();
        try {
            if (connection == null) {
                connection = connect(phase);
            }
            phase.reused = connection.used > 0;
            connection.used++;
            boolean last = connection.used > spec.requestsPerConnection();
            Response r = exchange(connection, spec.path(), last, phase);
            if (r.status / 100 == 2) {
                successes.incrementAndGet();
                maxSuccessMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                        Math::max);
                successesByStatus.computeIfAbsent(r.status, k -> new LongAdder()).increment();
                successesByNode.computeIfAbsent(connection.node, k -> new LongAdder()).increment();
            } else {
                fail(started, answerCategory(r), r.status + " " + r.headerLine + " " + abbreviate(r.body));
            }
            if (last || r.close) {
                close(connection);
                return null;
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            fail(started, exceptionCategory(e, phase), e.toString());
            if (connection != null) {
                close(connection);
            }
            return null;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Connects through the load balancer and learns which node it reached; a node that says it is draining or not
     * ready is left for another connection, a few times.
     */
    private Connection connect(Phase phase) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(phase);
            } catch (ProbeRefused refused) {
                if (refused.response.status != 503 || attempt >= 20) {
                    throw refused;
                }
                probesRefused.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
            }
        }
    }

    /** Connects through the load balancer, handshakes, and asks the verification page which node this is. */
    private Connection connectOnce(Phase phase) throws IOException {
        phase.name = "connect";
        Socket plain = new Socket();
        SSLSocket tls = null;
        open.add(plain);
        try {
            plain.connect(new InetSocketAddress("127.0.0.1", spec.port()), 5_000);
            plain.setSoTimeout(30_000);
            plain.setTcpNoDelay(true);
            phase.name = "handshake";
            tls = (SSLSocket) spec.ssl().getSocketFactory().createSocket(plain, "localhost", spec.port(),
                    true);
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(List.of(new SNIHostName("localhost")));
            tls.setSSLParameters(params);
            tls.startHandshake();
            open.add(tls);
            open.remove(plain);
            connections.incrementAndGet();
            Connection c = new Connection(tls);
            Response probe = exchange(c, VERIFICATION, false, phase);
            probes.incrementAndGet();
            c.used++;
            if (probe.status != 200) {
                close(c);
                throw new ProbeRefused(probe);
            }
            Matcher m = NODE.matcher(probe.body);
            c.node = m.find() ? m.group(1) : "(unnamed)";
            if (probe.close) {
                close(c);
                throw new EOFException("the node closed the connection after the verification page");
            }
            phase.name = "connected";
            return c;
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            open.remove(plain);
            if (tls != null) {
                closeQuietly(tls);
                open.remove(tls);
            }
            throw e;
        }
    }

    /** A probe answered with something else than 200: counted as the answer it was. */
    private static final class ProbeRefused extends IOException {
        final Response response;

        ProbeRefused(Response response) {
            super("verification page: " + response.status);
            this.response = response;
        }
    }

    private record Response(int status, String headerLine, String body, boolean close) {
    }

    private Response exchange(Connection c, String path, boolean last, Phase phase) throws IOException {
        String probePrefix = VERIFICATION.equals(path) ? "probe " : "";
        phase.name = probePrefix + "write";
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + spec.port() + "\r\nX-RMS-Workload: "
                + spec.workload() + "\r\nAccept: application/json\r\nUser-Agent: rms-itest-bounded-load\r\n"
                + (last ? "Connection: close\r\n" : "") + "\r\n";
        c.out.write(request.getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        phase.name = probePrefix + "read-status";
        String statusLine = line(c.in);
        if (statusLine == null) {
            throw new EOFException("closed before the status line");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + abbreviate(statusLine));
        }
        int status = Integer.parseInt(parts[1]);
        phase.name = probePrefix + "read-headers";
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        String retryAfter = null;
        for (String h = line(c.in); h != null && !h.isEmpty(); h = line(c.in)) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close |= value.equalsIgnoreCase("close");
                case "retry-after" -> retryAfter = value;
                default -> {
                }
            }
        }
        phase.name = probePrefix + "read-body";
        byte[] body;
        if (chunked) {
            body = chunked(c.in);
        } else if (length >= 0) {
            body = c.in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("body cut off at " + body.length + " of " + length + " bytes");
            }
        } else if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else {
            body = c.in.readAllBytes();
            close = true;
        }
        return new Response(status, retryAfter == null ? "" : "Retry-After: " + retryAfter,
                new String(body, StandardCharsets.UTF_8), close);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new EOFException("chunked body cut off");
            }
            int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
            if (n == 0) {
                for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                    // trailers: ignored
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                throw new EOFException("chunk cut off");
            }
            body.write(chunk);
            line(in);
        }
    }

    /** One CRLF-terminated line, or null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = s.length();
                if (end > 0 && s.charAt(end - 1) == '\r') {
                    s.setLength(end - 1);
                }
                return s.toString();
            }
            s.append((char) b);
            if (s.length() > 65_536) {
                throw new IOException("header line longer than 64 KiB");
            }
        }
        if (s.length() == 0) {
            return null;
        }
        throw new EOFException("closed in the middle of a line: " + abbreviate(s.toString()));
    }

    private static String answerCategory(Response r) {
        Matcher m = ERROR_CODE.matcher(r.body);
        String code = m.find() ? m.group(1) : "(no error code)";
        String category = "HTTP " + r.status + " " + code;
        if (r.status == 503 || r.status == 429) {
            category += r.headerLine.isEmpty() ? " without Retry-After" : " with Retry-After";
        }
        return category;
    }

    private String exceptionCategory(Exception e, Phase phase) {
        if (e instanceof ProbeRefused refused) {
            return "probe " + answerCategory(refused.response);
        }
        return e.getClass().getSimpleName() + " at " + phase.name + " on a " + (phase.reused ? "reused" : "new")
                + " connection";
    }

    private void fail(long started, String category, String sample) {
        failures.add(new Failure(started, System.nanoTime(), category));
        failuresByCategory.computeIfAbsent(category, k -> new LongAdder()).increment();
        ConcurrentLinkedQueue<String> kept = samples.computeIfAbsent(category, k -> new ConcurrentLinkedQueue<>());
        if (kept.size() < SAMPLES) {
            kept.add(abbreviate(sample));
        }
    }

    private void close(Connection c) {
        closeQuietly(c.socket);
        open.remove(c.socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
