package org.rmsconnector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for the tests of one JVM: Debian's {@code postgresql} binaries
 * ({@code /usr/lib/postgresql/<n>/bin}, or the folder {@code RMS_TEST_PG_BIN} names), {@code initdb} into a
 * temporary folder, started on a free port of 127.0.0.1 with its Unix socket in that folder, started once (the
 * first test that asks) and stopped and deleted when the JVM exits. Every database a test asks for is a new one.
 *
 * <p>Run as root (as CI is), the cluster runs as the {@code postgres} account ({@code runuser -u postgres --}),
 * because {@code initdb} refuses root; the folder is then owned by that account. Durability is off
 * ({@code fsync=off}): a test cluster that crashes is thrown away anyway.
 */
final class PostgresCluster {

    /** What the driver logs in as; the cluster trusts local connections (it listens on 127.0.0.1 only). */
    static final String USER = "rms";
    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);
    private static final String SERVICE_ACCOUNT = "postgres";

    private static PostgresCluster shared;
    private static RuntimeException failure;

    private final Path folder;
    private final Path binaries;
    private final boolean asServiceAccount;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path folder, Path binaries, boolean asServiceAccount, int port) {
        this.folder = folder;
        this.binaries = binaries;
        this.asServiceAccount = asServiceAccount;
        this.port = port;
    }

    /** The folder of {@code initdb} and {@code pg_ctl}, if PostgreSQL is installed. */
    static Optional<Path> binaries() {
        String configured = System.getenv("RMS_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            return Files.isExecutable(p.resolve("initdb")) ? Optional.of(p) : Optional.empty();
        }
        Path root = Paths.get("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The cluster of this JVM, started on first use. A failed start is reported to every later caller too. */
    static synchronized PostgresCluster shared(Path binaries) {
        if (failure != null) {
            throw failure;
        }
        if (shared == null) {
            try {
                shared = start(binaries);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            PostgresCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "rms-test-postgresql-stop"));
        }
        return shared;
    }

    private static PostgresCluster start(Path binaries) {
        try {
            Path folder = Files.createTempDirectory("rms-pg-");
            boolean root = ((Integer) Files.getAttribute(folder, "unix:uid")) == 0;
            Path data = folder.resolve("data");
            Path sockets = Files.createDirectory(folder.resolve("sock"));
            if (root) {
                run(List.of("chown", "-R", SERVICE_ACCOUNT + ":" + SERVICE_ACCOUNT, folder.toString()), folder,
                        "chown");
            }
            PostgresCluster probe = new PostgresCluster(folder, binaries, root, 0);
            probe.runAs(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                    "-E", "UTF8", "--no-locale", "-N"), "initdb");
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                PostgresCluster cluster = new PostgresCluster(folder, binaries, root, port);
                try {
                    cluster.runAs(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(),
                            "-l", folder.resolve("server.log").toString(), "-w", "-t", "30",
                            "-o", "-p " + port + " -k " + sockets + " -c listen_addresses=127.0.0.1"
                                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                    + " -c max_connections=300",
                            "start"), "pg_ctl start");
                    return cluster;
                } catch (IllegalStateException e) {
                    last = e; // most likely the port was taken between choosing and binding: try another
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL cluster for the tests", e);
        }
    }

    /** A JDBC URL of a new, empty database. */
    String createDatabase() {
        String name = "rms_test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " in the test cluster on port " + port
                    + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    int port() {
        return port;
    }

    private void stop() {
        try {
            runAs(List.of(binaries.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(),
                    "-m", "immediate", "-w", "-t", "20", "stop"), "pg_ctl stop");
        } catch (RuntimeException e) {
            System.err.println("rms-test-support: could not stop the test PostgreSQL cluster: " + e.getMessage());
        }
        deleteTree(folder);
    }

    private void runAs(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asServiceAccount) {
            full.addAll(List.of("runuser", "-u", SERVICE_ACCOUNT, "--"));
        }
        full.addAll(command);
        run(full, folder, what);
    }

    private static void run(List<String> command, Path folder, String what) {
        Path output = folder.resolve(what.replace(' ', '-') + ".out");
        try {
            // output to a file, not a pipe: pg_ctl's server child must not keep a pipe of ours open
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + COMMAND_DEADLINE.toSeconds()
                        + " s: " + String.join(" ", command) + "\n" + tail(output));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): "
                        + String.join(" ", command) + "\n" + tail(output) + tail(folder.resolve("server.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what + " (" + command.get(0) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            String text = Files.readString(file);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at JVM exit; the folder is in the temporary directory
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
