package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The attacks of the security review, repeated against the real distribution: each is refused with a clear answer,
 * nothing changes, and the node keeps serving. The cross-site one also in a real headless Chromium: a page of
 * another origin posts a form to the console of a logged-in administrator.
 */
public class SecurityIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern STATE = Pattern.compile(
            "\"symbolicName\":\"org\\.rmsconnector\\.fci\"[^}]*?\"state\":\"([A-Za-z]+)\"|\"state\":\"([A-Za-z]+)\"[^}]*?\"symbolicName\":\"org\\.rmsconnector\\.fci\"");
    private static InstalledNode node;
    private static HttpClient client;
    private static String password;

    @BeforeClass
    public static void start() throws Exception {
        node = InstalledNode.install().start();
        node.awaitFile(node.home.resolve("data/demo/EXCH01.p12"), START);
        client = node.client();
        node.await(client, HttpRequest.newBuilder(node.connector("/health")).build(), 200, START,
                "RMS authorization");
        password = Files.readString(node.home.resolve("data/console-password")).strip();
        node.await(client, console("GET", "/system/console/bundles.json").build(), 200, START, "org.rmsconnector.fci");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder console(String method, String path) {
        return HttpRequest.newBuilder(node.connector(path)).header("Authorization", basic("admin", password))
                .method(method, HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String fciState() throws Exception {
        HttpResponse<String> r = send(console("GET", "/system/console/bundles.json"));
        assertEquals(r.body(), 200, r.statusCode());
        Matcher m = STATE.matcher(r.body());
        assertTrue("the FCI adapter is listed", m.find());
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static HttpRequest.BodyPublisher multipart(String boundary, Map<String, String> fields, String fileField,
            String fileName, byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
    }

    @Test
    public void aCrossSiteConsolePostInstallsNothingAndStopsNothing() throws Exception {
        Path probe = node.home.getParent().resolve("probe.jar");
        NodeHome.writeBundle(probe, "org.example.probe", "1.0.0");
        String boundary = "----probe" + System.nanoTime();
        HttpRequest.BodyPublisher install = multipart(boundary, Map.of("action", "install", "bundlestart", "start"),
                "bundlefile", "probe.jar", Files.readAllBytes(probe));
        HttpResponse<String> r = send(console("POST", "/system/console/bundles").header("Origin",
                "https://evil.example").header("Referer", "https://evil.example/")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(install));
        assertEquals(r.body(), 403, r.statusCode());
        assertTrue(r.body(), r.body().contains("https://evil.example"));

        String form = "action=stop";
        for (Map<String, String> headers : List.of(Map.of("Origin", "https://evil.example"),
                Map.of("Referer", "https://evil.example/page"), Map.of("Origin", "null"),
                Map.<String, String>of())) {
            HttpRequest.Builder stop = console("POST", "/system/console/bundles/org.rmsconnector.fci")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            headers.forEach(stop::header);
            HttpResponse<String> refused = send(stop);
            assertEquals(headers + ": " + refused.body(), 403, refused.statusCode());
        }
        HttpResponse<String> bundles = send(console("GET", "/system/console/bundles.json"));
        assertFalse("nothing was installed", bundles.body().contains("org.example.probe"));
        assertEquals("Active", fciState());
        String events = Files.readString(node.home.resolve("log/events.log"));
        assertTrue(events, events.contains("event=4031"));

        // the console's own pages still work: a same-origin change goes through
        HttpResponse<String> own = send(console("POST", "/system/console/bundles/org.rmsconnector.fci")
                .header("Origin", "https://localhost:" + node.ports.httpsPort)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=start")));
        assertTrue(own.statusCode() + " " + own.body(), own.statusCode() < 400);
    }

    @Test
    public void consoleAndAdminApiAnswersForbidFramingAndSniffing() throws Exception {
        for (String path : List.of("/system/console/bundles.json", "/admin/api/status", "/system/console/rms")) {
            HttpResponse<String> r = send(console("GET", path));
            assertEquals(path + " " + r.body(), 200, r.statusCode());
            assertEquals(path, "DENY", r.headers().firstValue("X-Frame-Options").orElse(""));
            assertEquals(path, "frame-ancestors 'none'", r.headers().firstValue("Content-Security-Policy")
                    .orElse(""));
            assertEquals(path, "nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals(path, "same-origin", r.headers().firstValue("Referrer-Policy").orElse(""));
        }
    }

    @Test
    public void theConsoleAndTheAdminApiAreOnTheConnectorsHttpsListenerOnly() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String path : List.of("/system/console/bundles.json", "/admin/api/status")) {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + node.ports.httpPort + path)).header("Authorization", basic("admin", password))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(path + " over plain HTTP: " + r.body(), 403, r.statusCode());
            assertTrue(r.body(), r.body().contains("HTTPS only"));
        }
        HttpResponse<String> cloud = client.send(HttpRequest.newBuilder(node.cloud("/system/console/bundles.json"))
                .header("Authorization", basic("admin", password)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("not on the embedded cloud's listener", 404, cloud.statusCode());
    }

    @Test
    public void noConsolePageShowsASecretKeptUnderData() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(node.home.resolve("data"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && (name.endsWith("password") || name.endsWith(".password"))) {
                    String value = Files.readString(f).strip();
                    if (value.length() >= 8) {
                        secrets.put(node.home.relativize(f).toString(), value);
                    }
                }
            }
        }
        assertTrue("the node's secrets were found: " + secrets.keySet(), secrets.size() >= 5);

        Set<String> pages = new TreeSet<>(List.of("/system/console/services.json", "/system/console/bundles.json",
                "/system/console/components", "/system/console/configMgr"));
        HttpResponse<String> config = send(console("GET", "/system/console/config"));
        assertEquals(200, config.statusCode());
        // every status printer the console lists (inventory printers such as "Framework Properties" included)
        Matcher printer = Pattern.compile("href=\"/system/console/(status-[^\"]+)\"").matcher(config.body());
        while (printer.find()) {
            pages.add("/system/console/" + printer.group(1).replace(" ", "%20") + ".txt");
        }
        assertTrue(pages.toString(), pages.contains("/system/console/status-Framework%20Properties.txt"));
        assertTrue(pages.toString(), pages.contains("/system/console/status-Services.txt"));
        assertTrue(pages.toString(), pages.contains("/system/console/status-Configurations.txt"));
        for (String pid : List.of("org.rmsconnector.transport", "org.rmsconnector.cloud", "org.rmsconnector.guard",
                "org.apache.felix.webconsole.internal.servlet.OsgiManager",
                "org.rmsconnector.authorization.certificate", "org.apache.felix.http",
                "org.apache.felix.http~cloud")) {
            pages.add("/system/console/configMgr/" + pid + ".json");
        }
        List<String> leaks = new ArrayList<>();
        for (String page : pages) {
            HttpResponse<String> r = send(console("GET", page));
            assertEquals(page, 200, r.statusCode());
            secrets.forEach((file, value) -> {
                if (r.body().contains(value)) {
                    leaks.add(page + " shows " + file);
                }
            });
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    public void everythingUnderDataAndLogIsOwnerOnlyAfterStartAndAfterTraffic() throws Exception {
        assertOwnerOnly();
        for (int i = 0; i < 5; i++) {
            send(console("GET", "/admin/api/events"));
            client.send(HttpRequest.newBuilder(node.connector("/_wmcs/licensing/templatedistribution.asmx"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertOwnerOnly();
    }

    private static void assertOwnerOnly() throws IOException {
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        List<String> open = new ArrayList<>();
        int seen = 0;
        for (String dir : List.of("data", "log")) {
            try (Stream<Path> files = Files.walk(node.home.resolve(dir))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    seen++;
                    Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
                    p.retainAll(others);
                    if (!p.isEmpty()) {
                        open.add(node.home.relativize(f) + " " + p);
                    }
                }
            }
        }
        assertTrue("data/ and log/ hold the node's files: " + seen, seen > 20);
        assertTrue(node.home.resolve("data/cloud").toFile().isDirectory());
        assertEquals(List.of(), open);
    }

    @Test
    public void passwordGuessingOnTheConsoleTheApiAndTheCloudIsSlowedAndTheRightPasswordWorksAfterThePause()
            throws Exception {
        for (String path : List.of("/system/console/bundles.json", "/admin/api/status")) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(node.connector(path))
                        .header("Authorization", basic("admin", "guess-" + i)));
                assertEquals(path + " " + r.body(), 401, r.statusCode());
            }
            HttpResponse<String> throttled = send(console("GET", path));
            assertEquals(path + ": even the right password waits " + throttled.body(), 429, throttled.statusCode());
            assertTrue(throttled.headers().firstValue("Retry-After").isPresent());
            long wait = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            Thread.sleep(wait * 1000 + 200); // the pause the node asked for, no more
            assertEquals(path, 200, send(console("GET", path)).statusCode());
        }
        String events = Files.readString(node.home.resolve("log/events.log"));
        assertTrue(events, events.contains("event=4030"));

        String user = "alice@contoso.com";
        String alice = Files.readString(node.home.resolve("data/cloud/demo/" + user + ".password")).strip();
        URI templates = node.cloud("/_wmcs/licensing/templatedistribution.asmx");
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(templates).header("Authorization",
                    basic(user, "guess-" + i)));
            assertEquals(r.body(), 401, r.statusCode());
        }
        HttpResponse<String> throttled = send(HttpRequest.newBuilder(templates).header("Authorization",
                basic(user, alice)));
        assertEquals(throttled.body(), 429, throttled.statusCode());
        assertTrue(throttled.body(), throttled.body().contains("throttled"));
        long wait = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        Thread.sleep(wait * 1000 + 200);
        assertEquals(200, send(HttpRequest.newBuilder(templates).header("Authorization", basic(user, alice)))
                .statusCode());
    }

    @Test
    public void aPageOfAnotherOriginCannotDriveTheConsoleInARealBrowser() throws Exception {
        assumeTrue("Chromium not installed (apt-get install chromium)", Chromium.installed()
                || System.getenv("CI") != null);
        String target = node.connector("/system/console/bundles/org.rmsconnector.fci").toString();
        String page = "<!doctype html><html><body><h1>cute cats</h1>"
                + "<form id=f method=POST action='" + target + "'>"
                + "<input type=hidden name=action value=stop></form>"
                + "<iframe id=framed src='" + node.connector("/system/console/bundles") + "'></iframe>"
                + "<script>document.getElementById('f').submit()</script></body></html>";
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        evil.start();
        Path work = Files.createDirectories(node.home.getParent().resolve("browser"));
        try (Chromium browser = Chromium.start(work)) {
            // the administrator is logged in: the browser sends the credentials with every request
            browser.extraHeaders(Map.of("Authorization", basic("admin", password)));
            browser.open(URI.create("http://127.0.0.1:" + evil.getAddress().getPort() + "/cats.html"));
            browser.await("the console's refusal of the forged form", "document.location.href.startsWith('"
                    + target + "') && document.body && document.body.innerText.length > 0", Duration.ofSeconds(30));
            String text = browser.text();
            assertTrue(text, text.contains("refused"));
            Path screenshots = Files.createDirectories(NodeHome.root().resolve("itests/target/screenshots"));
            browser.screenshot(screenshots.resolve("security-cross-site-refused.png"));
        } finally {
            evil.stop(0);
        }
        assertEquals("the FCI adapter still runs", "Active", fciState());
        assertTrue(Files.readString(node.home.resolve("log/events.log")).contains("event=4031"));
    }
}
