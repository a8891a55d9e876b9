package org.rmsconnector.rmsctl.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.rmsconnector.rmsctl.exit.ExitCodes;
import org.rmsconnector.rmsctl.adminclient.AdminApiException;
import org.rmsconnector.rmsctl.adminclient.AdminHttpClient;
import org.rmsconnector.rmsctl.adminclient.AdminTrust;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * What every admin-API command shares: the connector's URL, the Web Console's credentials, the trust options,
 * {@code --json}, and turning a failed call into a message and an exit code.
 *
 * <p>{@code --user}, {@code --password-file}, {@code --json}, {@code --timeout}, {@code --debug} and the trust
 * options are rmsctl's global options (inherited by every command), so they are read from the command model
 * rather than declared again; for these commands {@code --user} is the console user and its password comes from
 * {@code --password-file} or {@code $RMS_ADMIN_PASSWORD}, never from {@code $RMS_PASSWORD}.
 */
final class AdminSession {

    static final String ENV_ADMIN_PASSWORD = "RMS_ADMIN_PASSWORD";
    static final String ENV_CLOUD_PASSWORD = "RMS_CLOUD_PASSWORD";
    static final String ENV_CONNECTOR = "RMS_CONNECTOR_URL";
    static final String DEFAULT_USER = "admin";

    private final CommandLine cmd;
    private final URI connector;

    private AdminSession(CommandLine cmd, URI connector) {
        this.cmd = cmd;
        this.connector = connector;
    }

    /**
     * The session of command {@code cmd}; {@code credentials} says it sends a password, which plain HTTP then
     * refuses unless {@code allowHttp}.
     */
    static AdminSession of(CommandLine cmd, String connectorOption, boolean allowHttp, boolean credentials) {
        String text = connectorOption != null ? connectorOption : System.getenv(ENV_CONNECTOR);
        if (text == null || text.isBlank()) {
            throw new ParameterException(cmd, "give the connector: --connector https://HOST:8443 (or set $"
                    + ENV_CONNECTOR + ")");
        }
        URI url;
        try {
            url = new URI(text.trim());
            AdminHttpClient.builder(url); // validates scheme, host, no user info
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ParameterException(cmd, "--connector: " + (e instanceof URISyntaxException
                    ? "not a URL: " + text : e.getMessage()));
        }
        if (credentials && "http".equalsIgnoreCase(url.getScheme()) && !allowHttp) {
            throw new ParameterException(cmd, "refusing to send the password over plain HTTP to " + url
                    + "; use https:// (the connector's HTTPS port, 8443 by default), or --allow-http for a test");
        }
        return new AdminSession(cmd, url);
    }

    URI connector() {
        return connector;
    }

    /** {@code scheme://host:port} of the connector, as the server configuration wants it. */
    String connectorOrigin() {
        return connector.getScheme().toLowerCase(Locale.ROOT) + "://" + connector.getRawAuthority();
    }

    PrintWriter out() {
        return cmd.getOut();
    }

    PrintWriter err() {
        return cmd.getErr();
    }

    boolean json() {
        return Boolean.TRUE.equals(global("--json"));
    }

    boolean debug() {
        return Boolean.TRUE.equals(global("--debug"));
    }

    /** A client for the API; {@code credentials} adds the console's user and password. */
    AdminHttpClient client(boolean credentials, boolean checkHostName, Duration defaultTimeout) {
        AdminHttpClient.Builder b = AdminHttpClient.builder(connector).trust(trust())
                .checkHostName(checkHostName).timeout(timeout(defaultTimeout));
        if (credentials) {
            String user = global("--user") instanceof String u && !u.isBlank() ? u.trim() : DEFAULT_USER;
            char[] password = secret((Path) global("--password-file"), "--password-file", ENV_ADMIN_PASSWORD,
                    "the Web Console user " + user + " (the connector's data/console-password)");
            try {
                b.credentials(user, password);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, "--user: " + e.getMessage());
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }
        return b.build();
    }

    /** The trust of --trust-store, --trust-store-password-file and --trust-cert (else the JVM's CAs). */
    AdminTrust trust() {
        Path store = (Path) global("--trust-store");
        Path storePasswordFile = (Path) global("--trust-store-password-file");
        @SuppressWarnings("unchecked")
        List<Path> certs = global("--trust-cert") instanceof List<?> l ? (List<Path>) l : List.of();
        char[] storePassword = storePasswordFile == null ? null
                : readFirstLine(storePasswordFile, "--trust-store-password-file");
        try {
            return AdminTrust.of(store, storePassword, certs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
    }

    Duration timeout(Duration defaultTimeout) {
        if (global("--timeout") instanceof Integer seconds) {
            if (seconds <= 0) {
                throw new ParameterException(cmd, "--timeout must be a positive number of seconds");
            }
            return Duration.ofSeconds(seconds);
        }
        return defaultTimeout;
    }

    /** A password from {@code file} (its first line) or the environment variable; never from an argument. */
    char[] secret(Path file, String option, String envName, String whose) {
        if (file != null) {
            char[] s = readFirstLine(file, option);
            if (s.length == 0) {
                throw new ParameterException(cmd, option + ": " + file + " is empty; it must hold the password of "
                        + whose);
            }
            return s;
        }
        String fromEnv = System.getenv(envName);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        throw new ParameterException(cmd, "no password for " + whose + ": give " + option + " FILE or set $"
                + envName);
    }

    // The first line, so the newline of `echo secret > file` is not part of the password.
    private char[] readFirstLine(Path file, String option) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            String line = nl >= 0 ? s.substring(0, nl) : s;
            return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
        } catch (IOException e) {
            throw new ParameterException(cmd, option + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private Object global(String name) {
        OptionSpec o = cmd.getCommandSpec().findOption(name);
        if (o == null) {
            CommandSpec root = cmd.getCommandSpec().root();
            o = root.findOption(name);
        }
        return o == null ? null : o.getValue();
    }

    /** Prints what went wrong (the API's message) and returns the exit code; --json also prints the API's answer. */
    int report(AdminApiException e) {
        return report(e, true);
    }

    /** {@link #report(AdminApiException)}; {@code withBody} false leaves stdout to the caller. */
    int report(AdminApiException e, boolean withBody) {
        if (withBody && json() && e.body().isPresent()) {
            printJson(e.body().get());
        }
        err().println("rmsctl: " + e.getMessage() + hint(e));
        if (debug()) {
            e.printStackTrace(err());
        }
        err().flush();
        return exitCode(e.kind());
    }

    /** The API's JSON, as sent. */
    void printJson(String body) {
        if (body.endsWith("\n")) {
            out().print(body);
        } else {
            out().println(body);
        }
        out().flush();
    }

    static int exitCode(AdminApiException.Kind kind) {
        return switch (kind) {
            case UNAUTHENTICATED -> ExitCodes.UNAUTHENTICATED;
            case UNAVAILABLE, UNREACHABLE -> ExitCodes.UNAVAILABLE;
            case REFUSED, TLS, BAD_RESPONSE -> ExitCodes.FAILED;
        };
    }

    private String hint(AdminApiException e) {
        return switch (e.kind()) {
            case UNAUTHENTICATED -> "\n  (exit code 4: check --user, default admin, and --password-file or $"
                    + ENV_ADMIN_PASSWORD + ": the Web Console's password, data/console-password on the connector)";
            case UNAVAILABLE -> "\n  (exit code 3: try again" + e.retryAfter().map(d -> " in " + d.toSeconds() + " s")
                    .orElse(" later") + ")";
            case UNREACHABLE -> "\n  (exit code 3: is the connector running, and is " + connector
                    + " its HTTPS address?)";
            case TLS -> "\n  (a self-signed or private certificate: pass --trust-cert FILE.pem or --trust-store FILE"
                    + " --trust-store-password-file FILE; a certificate for another name: use that name in the URL;"
                    + " 'rmsctl doctor' shows the certificate)";
            default -> "";
        };
    }
}
