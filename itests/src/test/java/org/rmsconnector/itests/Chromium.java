package org.rmsconnector.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A real headless Chromium (Debian's {@code chromium} package), driven over the Chrome DevTools Protocol on its
 * own WebSocket: no WebDriver, so no driver version to keep in step with the browser. Every call has a deadline.
 * The page's JavaScript does the clicking and typing, as a user's events would; what is asserted is what the
 * browser rendered ({@code textContent}, the DOM), not the server's HTML.
 */
final class Chromium implements AutoCloseable {

    private static final Duration CALL = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser's executable: {@code RMS_CHROMIUM} or Debian's. */
    static Path executable() {
        String configured = System.getenv("RMS_CHROMIUM");
        return Path.of(configured != null ? configured : "/usr/bin/chromium");
    }

    static boolean installed() {
        return Files.isExecutable(executable());
    }

    /** Starts a browser with a fresh profile and opens one page (tab) to drive. */
    static Chromium start(Path work) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = List.of(executable().toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                // the demo's connector certificate is self-signed; the tests check trust elsewhere
                "--ignore-certificate-errors", "--window-size=1280,1000", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String browserUrl = devToolsUrl(process, Duration.ofSeconds(60));
        // attach to the page target rather than the browser: the page domains (Page, Runtime) live there
        URI list = URI.create(browserUrl.replaceFirst("^ws://", "http://").replaceFirst("/devtools/.*$", "/json/list"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String pageUrl = null;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pageUrl == null && System.nanoTime() < end) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(10))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (Object target : JSONObjectUtils.parse("{\"t\":" + body + "}").values().iterator().next()
                    instanceof List<?> l ? l : List.of()) {
                if (target instanceof Map<?, ?> t && "page".equals(t.get("type"))) {
                    pageUrl = (String) t.get("webSocketDebuggerUrl");
                }
            }
            if (pageUrl == null) {
                Thread.sleep(100);
            }
        }
        if (pageUrl == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium opened no page within 30 s");
        }
        Chromium[] self = new Chromium[1];
        Listener listener = new Listener(() -> self[0]);
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageUrl), listener).get(30, TimeUnit.SECONDS);
        self[0] = new Chromium(process, profile, socket);
        self[0].call("Page.enable", Map.of());
        self[0].call("Runtime.enable", Map.of());
        self[0].call("Network.enable", Map.of());
        return self[0];
    }

    /** Reads "DevTools listening on ws://..." from the browser's output. */
    private static String devToolsUrl(Process process, Duration deadline) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    int at = line.indexOf("ws://");
                    if (line.contains("DevTools listening on") && at >= 0) {
                        url.complete(line.substring(at).strip());
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            synchronized (seen) {
                throw new IllegalStateException("Chromium did not start its DevTools endpoint: " + e + "\n" + seen,
                        e);
            }
        }
    }

    /** Sends one DevTools command and waits for its result. */
    Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSONObjectUtils.toJSONString(message), true).get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Object> result = answer.get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        if (result.get("error") != null) {
            throw new IllegalStateException(method + " failed: " + result.get("error"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) result.getOrDefault("result", Map.of());
        return r;
    }

    /** Sends these headers (e.g. {@code Authorization}) with every request the page makes. */
    void extraHeaders(Map<String, String> headers) throws Exception {
        call("Network.setExtraHTTPHeaders", Map.of("headers", new LinkedHashMap<>(headers)));
    }

    /** Navigates and waits until the document has loaded. */
    void open(URI url) throws Exception {
        Map<String, Object> r = call("Page.navigate", Map.of("url", url.toString()));
        if (r.get("errorText") != null) {
            throw new IllegalStateException("navigation to " + url + " failed: " + r.get("errorText"));
        }
        awaitLoaded();
    }

    /** Waits until the current document is complete (after a navigation or a form submission). */
    void awaitLoaded() throws Exception {
        await("the page loaded", "document.readyState === 'complete' && !!document.body", Duration.ofSeconds(30));
    }

    /** Evaluates an expression in the page and returns its value (JSON types). */
    Object eval(String expression) throws Exception {
        Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.get("exceptionDetails") != null) {
            throw new IllegalStateException("script failed: " + expression + ": " + r.get("exceptionDetails"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) r.get("result");
        return value == null ? null : value.get("value");
    }

    /** Evaluates a boolean expression until it is true, or fails at the deadline with the page's text. */
    void await(String what, String condition, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Object v;
            try {
                v = eval("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()");
            } catch (IllegalStateException e) {
                v = false; // a navigation replaced the context under the call: try again
            }
            if (Boolean.TRUE.equals(v)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": not within " + deadline + "; the page says:\n" + text());
            }
            Thread.sleep(100);
        }
    }

    /** The page's visible text. */
    String text() throws Exception {
        Object t = eval("document.body ? document.body.innerText : ''");
        return t == null ? "" : t.toString();
    }

    /** Saves a PNG of the page. */
    void screenshot(Path file) throws Exception {
        Map<String, Object> r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport",
                true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) r.get("data")));
    }

    /** Events received so far whose method matches. */
    List<Map<String, Object>> events(Predicate<String> method) {
        synchronized (events) {
            return events.stream().filter(e -> method.test(String.valueOf(e.get("method")))).toList();
        }
    }

    private void received(String text) {
        Map<String, Object> message;
        try {
            message = JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            return;
        }
        Object id = message.get("id");
        if (id instanceof Number n) {
            CompletableFuture<Map<String, Object>> f = pending.remove(n.intValue());
            if (f != null) {
                f.complete(message);
            }
        } else {
            synchronized (events) {
                if (events.size() < 10_000) {
                    events.add(message);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is going away anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the browser may still be writing (or removing) its profile while it exits: a walk can meet a file that
            // has just gone; the build's clean removes what is left
        }
    }

    /** Collects text frames (a message may arrive in parts) and hands each whole message over. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Supplier<Chromium> owner;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Supplier<Chromium> owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                Chromium c = owner.get();
                if (c != null) {
                    c.received(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
