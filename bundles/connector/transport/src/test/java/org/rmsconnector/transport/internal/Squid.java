package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Squid proxy for the tests, in a temporary folder of its own: a generated {@code squid.conf} (a free
 * loopback port, no cache, its logs and pid file in the folder, CONNECT allowed to the test cloud's port only,
 * optionally Basic authentication against a password file the test writes), run in the foreground
 * ({@code squid -N}) and stopped with SIGTERM (then SIGKILL) within a deadline. {@link #accessLog()} is what Squid
 * logged; a tunnel is logged when it closes, so read it after {@link #stop()}. {@link #close()} stops it and
 * deletes the folder.
 *
 * <p>The folder is made under the system temporary directory and opened to all users, because Squid started as
 * root drops to its own user and must still write its logs there (a JUnit temporary folder is private to root).
 */
public final class Squid implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/sbin/squid", "/usr/local/sbin/squid", "/usr/bin/squid");
    private static final List<String> NCSA_HELPERS = List.of("/usr/lib/squid/basic_ncsa_auth",
            "/usr/lib64/squid/basic_ncsa_auth", "/usr/libexec/squid/basic_ncsa_auth");
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);

    final Path dir;
    final int port;
    private final Process process;

    private Squid(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * The squid binary. When there is none, the calling test is skipped on a developer's machine but fails on CI
     * (environment variable {@code CI} set), where the Debian package {@code squid} must be installed.
     */
    public static Path requireBinary() {
        Optional<Path> bin = BINARIES.stream().map(Paths::get).filter(Files::isExecutable).findFirst();
        if (bin.isEmpty()) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank()) {
                fail("squid is not installed, and CI must run the proxy tests: install the Debian package 'squid'");
            }
            Assumptions.assumeTrue(false, "squid is not installed (apt-get install squid): proxy tests skipped");
        }
        return bin.get();
    }

    /**
     * Starts Squid in {@code dir}, allowing CONNECT to {@code targetPort} on loopback only.
     *
     * @param user     with {@code password}, the one user Squid accepts (Basic); null for an open proxy
     */
    public static Squid start(int targetPort, String user, String password) throws Exception {
        Path binary = requireBinary();
        Path dir = Files.createTempDirectory("rms-squid-");
        int port = TestTls.freePort();
        StringBuilder conf = new StringBuilder()
                .append("http_port 127.0.0.1:").append(port).append('\n')
                .append("pid_filename ").append(dir.resolve("squid.pid")).append('\n')
                .append("cache deny all\n")
                .append("cache_mem 8 MB\n")
                .append("cache_log ").append(dir.resolve("cache.log")).append('\n')
                .append("access_log stdio:").append(dir.resolve("access.log")).append(" squid\n")
                .append("cache_store_log none\n")
                .append("netdb_filename none\n")
                .append("coredump_dir ").append(dir).append('\n')
                .append("shutdown_lifetime 1 seconds\n")
                .append("visible_hostname rms-transport-test\n")
                .append("acl loopback src 127.0.0.1/32\n")
                .append("acl cloud_port port ").append(targetPort).append('\n')
                .append("acl CONNECT method CONNECT\n")
                .append("http_access deny CONNECT !cloud_port\n")
                .append("http_access deny !CONNECT\n");
        if (user != null) {
            Path helper = NCSA_HELPERS.stream().map(Paths::get).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("squid has no basic_ncsa_auth helper in "
                            + NCSA_HELPERS));
            // basic_ncsa_auth of Squid 5 checks crypt(3) hashes ($1$, $5$, $6$, DES), MD5-crypt and unsalted MD5;
            // it does not know Apache's {SHA} form (it answers "Wrong password"), so the test writes unsalted MD5
            Path passwd = dir.resolve("passwd");
            Files.writeString(passwd, user + ":" + md5Hex(password) + "\n");
            readableBySquid(passwd, false);
            conf.append("auth_param basic program ").append(helper).append(' ').append(passwd).append('\n')
                    .append("auth_param basic children 2\n")
                    .append("auth_param basic realm rms-transport-test\n")
                    .append("acl authenticated proxy_auth REQUIRED\n")
                    .append("http_access allow loopback authenticated\n");
        } else {
            conf.append("http_access allow loopback\n");
        }
        conf.append("http_access deny all\n");
        Path confFile = dir.resolve("squid.conf");
        Files.writeString(confFile, conf.toString());
        // started as root, Squid drops to its own user (proxy) and must still write its logs here
        readableBySquid(dir, true);
        readableBySquid(confFile, false);

        Process p = new ProcessBuilder(binary.toString(), "-N", "-f", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("squid.out").toFile()).start();
        Squid squid = new Squid(dir, port, p);
        long end = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            if (!p.isAlive()) {
                String why = squid.diagnostics();
                squid.close();
                fail("squid exited with " + p.exitValue() + " before listening:\n" + why);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return squid;
            } catch (IOException notYet) {
                if (System.nanoTime() - end > 0) {
                    String why = squid.diagnostics();
                    squid.close();
                    fail("squid did not listen on " + port + " within " + START_DEADLINE.toSeconds() + " s:\n"
                            + why);
                }
                Thread.sleep(50);
            }
        }
    }

    /** What Squid logged per request; complete only after {@link #close()}. */
    public List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    public String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("squid.out", "cache.log")) {
            try {
                Path f = dir.resolve(name);
                if (Files.exists(f)) {
                    b.append("--- ").append(name).append('\n').append(Files.readString(f)).append('\n');
                }
            } catch (IOException e) {
                b.append(name).append(": ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    /** Stops Squid and deletes its folder. */
    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Stops Squid: SIGTERM, then SIGKILL, each with a deadline. */
    public void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("squid (pid " + process.pid() + ") did not stop");
            }
        }
    }

    private static void readableBySquid(Path p, boolean writable) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(writable ? "rwxrwxrwx" : "rw-r--r--"));
        }
    }

    private static String md5Hex(String password) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(password.getBytes(StandardCharsets.UTF_8)));
    }
}
