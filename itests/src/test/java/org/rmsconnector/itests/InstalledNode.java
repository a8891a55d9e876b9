package org.rmsconnector.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rmsconnector.testing.Await;

/**
 * The assembled distribution, installed as a user would (under a path with a space), run as a real process with
 * {@code bin/rms-connector}, and driven with {@code bin/rmsctl} processes.
 */
final class InstalledNode implements AutoCloseable {
    final Path home;
    final NodeHome ports;
    final Path output;
    private Process process;

    private InstalledNode(Path home, NodeHome ports) {
        this.home = home;
        this.ports = ports;
        this.output = home.getParent().resolve("console.out");
    }

    static InstalledNode install() throws IOException {
        Path built = NodeHome.root().resolve("distribution/target/rms-connector");
        assertTrue("build the distribution first (mvn install): " + built, Files.isDirectory(built));
        Path home = Files.createTempDirectory(NodeHome.work(), "dist ").resolve("rms connector");
        NodeHome.copyTree(built, home);
        return new InstalledNode(home, NodeHome.onFreePorts(home));
    }

    /** Starts the connector from another working directory: the script must find its own home. */
    InstalledNode start() throws IOException {
        return start("rms-connector");
    }

    /** Starts {@code bin/<script>} ({@code rms-connector} or {@code rms-cloud}) from another working directory. */
    InstalledNode start(String script) throws IOException {
        process = new ProcessBuilder("bash", home.resolve("bin/" + script).toString())
                .directory(NodeHome.work().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        return this;
    }

    /** SIGTERM, as an init system or Ctrl-C would stop it. */
    boolean stop(Duration deadline) throws InterruptedException {
        process.destroy();
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as {@code kill -9} or a crash: no shutdown hook runs. */
    boolean kill(Duration deadline) throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The started process: once {@code bin/rms-connector} has exec'd the JVM, the java process itself. */
    ProcessHandle processHandle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    URI connector(String path) {
        return URI.create("https://localhost:" + ports.httpsPort + path);
    }

    URI cloud(String path) {
        return URI.create("https://localhost:" + ports.cloudPort + path);
    }

    HttpClient client() throws Exception {
        return NodeHome.trustingClient(home);
    }

    void awaitFile(Path file, Duration deadline) throws Exception {
        Await.until(deadline, () -> {
            if (!isAlive()) {
                try {
                    throw new AssertionError("the connector exited:\n" + output());
                } catch (IOException e) {
                    throw new AssertionError("the connector exited (its output unreadable: " + e + ")");
                }
            }
            return Files.exists(file);
        }, file + " created");
    }

    /** Polls until the answer has the status (and text), or fails at the deadline with the last answer and the log. */
    HttpResponse<String> await(HttpClient client, HttpRequest request, int status, Duration deadline,
            String bodyContains) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            assertTrue("the connector exited:\n" + output(), isAlive());
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == status && (bodyContains == null || r.body().contains(bodyContains))) {
                    return r;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(request.uri() + ": no " + status + " within " + deadline + "; last: " + last
                + "\n--- connector output:\n" + output());
    }

    /** What a finished {@code bin/rmsctl} printed and how it ended. */
    record Run(int exit, String out, String err) {
    }

    /** Runs {@code bin/rmsctl} with the given extra environment, with a deadline. */
    Run rmsctl(Map<String, String> env, Duration deadline, String... args) throws Exception {
        return script("rmsctl", env, deadline, args);
    }

    /** Runs one of the node's {@code bin/} scripts with the given extra environment, with a deadline. */
    Run script(String script, Map<String, String> env, Duration deadline, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/" + script).toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home.getParent(), "rmsctl", ".out");
        Path err = Files.createTempFile(home.getParent(), "rmsctl", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.getParent().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(script + " " + String.join(" ", args) + " did not finish within " + deadline
                    + "\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
