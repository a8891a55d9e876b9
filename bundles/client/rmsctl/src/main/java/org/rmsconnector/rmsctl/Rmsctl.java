package org.rmsconnector.rmsctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.rmsctl.exit.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rmsctl}: protect, unprotect and inspect files through the rights-management service
 * or a connector. Exit codes: 0 done, 1 the operation was refused or failed, 2 usage error,
 * 3 service unavailable.
 */
@Command(name = "rmsctl", mixinStandardHelpOptions = true, versionProvider = Rmsctl.Version.class,
        subcommands = {ProtectCommand.class, UnprotectCommand.class, InfoCommand.class, TemplatesCommand.class,
                ServerInfoCommand.class, SimulateCommand.class, TrackCommand.class, RevokeCommand.class,
                org.rmsconnector.rmsctl.admin.AdminCommand.class,
                org.rmsconnector.rmsctl.admin.ConnectorCommand.class,
                org.rmsconnector.rmsctl.admin.GenconfigCommand.class,
                org.rmsconnector.rmsctl.admin.DoctorCommand.class, CommandLine.HelpCommand.class},
        description = "Protects and unprotects files with the rights-management service, directly or through a "
                + "connector.",
        footerHeading = "%n",
        footer = {"Protected files are named after the original plus '.rmsp': protect report.docx gives "
                + "report.docx.rmsp, unprotect report.docx.rmsp gives report.docx.",
                "",
                "Environment: RMS_SERVICE_URL, RMS_USER, RMS_PASSWORD, RMS_CLIENT_CERT_PASSWORD, RMSCTL_HOME, "
                        + "KRB5_CONFIG, KRB5CCNAME.",
                "Exit codes: 0 done, 1 refused or failed (access denied, damaged file, ...), 2 usage error, "
                        + "3 service unavailable (try again later)."})
public final class Rmsctl implements Runnable {

    static final String DEFAULT_SERVICE = "https://localhost:8443";

    @Spec
    CommandSpec spec;

    @Option(names = "--service", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Service or connector URL (default: $RMS_SERVICE_URL, else " + DEFAULT_SERVICE + ").")
    String service;

    @Option(names = "--user", paramLabel = "UPN", scope = ScopeType.INHERIT,
            description = "Act as this online user (default: $RMS_USER).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "File whose first line is the user's password (else $RMS_PASSWORD, else a prompt).")
    Path passwordFile;

    @Option(names = "--client-cert", paramLabel = "P12", scope = ScopeType.INHERIT,
            description = "Act as the server whose TLS client certificate and key are in this PKCS#12 file.")
    Path clientCert;

    @Option(names = "--client-cert-password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "File holding the PKCS#12 password (else $RMS_CLIENT_CERT_PASSWORD, else a prompt).")
    Path clientCertPasswordFile;

    @Option(names = "--kerberos", scope = ScopeType.INHERIT,
            description = "Act as this machine's domain account with Kerberos (Authorization: Negotiate) toward a "
                    + "connector: from the ticket cache (after kinit; $KRB5CCNAME), or from --keytab.")
    boolean kerberos;

    @Option(names = "--keytab", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Kerberos from this keytab, as --principal (implies --kerberos).")
    Path keytab;

    @Option(names = "--principal", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The Kerberos principal, e.g. 'EXCH01$@CONTOSO.COM' (required with --keytab).")
    String principal;

    @Option(names = "--service-principal", paramLabel = "SPN", scope = ScopeType.INHERIT,
            description = "The connector's service principal (default: HTTP/<host of --service>), e.g. "
                    + "HTTP/rms.contoso.com@CONTOSO.COM.")
    String servicePrincipal;

    @Option(names = "--krb5-conf", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The Kerberos configuration (default: $KRB5_CONFIG, else /etc/krb5.conf).")
    Path krb5Conf;

    @Option(names = "--trust-store", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Trust only the certificates in this PKCS#12/JKS store for the server.")
    Path trustStore;

    @Option(names = "--trust-store-password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "File holding the password of --trust-store (or of a PKCS#12 --trust-cert).")
    Path trustStorePasswordFile;

    @Option(names = "--trust-cert", paramLabel = "PEM_OR_P12", scope = ScopeType.INHERIT,
            description = "Trust this server certificate (PEM, DER, or PKCS#12 of certificates); repeatable. "
                    + "Without --trust-store/--trust-cert the JVM's trusted CAs apply.")
    List<Path> trustCerts = new ArrayList<>();

    @Option(names = "--workload", paramLabel = "exchange|sharepoint|fci", scope = ScopeType.INHERIT,
            description = "Declare the workload to the connector (X-RMS-Workload).")
    String workload;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where rmsctl keeps its key pair and server certificates (default: $RMSCTL_HOME, else "
                    + "~/.rmsctl).")
    Path home;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "Time allowed for each request to the service (default: 60).")
    Integer timeoutSeconds;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print results as JSON.")
    boolean json;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean debug;

    private final Map<String, String> env;
    private final boolean interactive;

    /** A command reading defaults from {@code env}; {@code interactive} when a person is at a terminal. */
    Rmsctl(Map<String, String> env, boolean interactive) {
        this.env = Map.copyOf(env);
        this.interactive = interactive;
    }

    /** Runs rmsctl and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.Charset.defaultCharset());
        int code = execute(args, System.getenv(), System.console() != null, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs rmsctl with {@code args}, returning the exit code; nothing here calls {@code System.exit}. */
    public static int execute(String[] args, Map<String, String> env, boolean interactive, PrintWriter out,
            PrintWriter err) {
        Rmsctl root = new Rmsctl(env, interactive);
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> root.usageError(ex));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> root.failure(ex));
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    // ---------------------------------------------------------------- used by the subcommands

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return json;
    }

    boolean interactive() {
        return interactive;
    }

    /** A client for the options given; {@code needIdentity} makes "who are you?" a usage error. */
    RmsClient client(CommandLine cmd, boolean needIdentity) {
        URI url = serviceUrl(cmd);
        ClientConfig.Builder b;
        try {
            b = ClientConfig.builder(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "--service: " + e.getMessage());
        }
        String upn = user != null ? user : env.get("RMS_USER");
        if (!needIdentity) {
            // server-info and info send no credentials, so do not ask for any
            upn = null;
        }
        boolean withKerberos = (kerberos || keytab != null || principal != null) && needIdentity;
        if ((upn != null ? 1 : 0) + (clientCert != null ? 1 : 0) + (withKerberos ? 1 : 0) > 1) {
            throw new ParameterException(cmd, "give one of --user, --client-cert or --kerberos/--keytab, not several");
        }
        if (withKerberos) {
            if (keytab != null && principal == null) {
                throw new ParameterException(cmd, "--keytab needs --principal NAME (the principal whose keys it "
                        + "holds, e.g. 'EXCH01$@CONTOSO.COM'; klist -k FILE lists them)");
            }
            useKrb5Conf();
            try {
                b.kerberos(principal, keytab, servicePrincipal);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, e.getMessage());
            }
        } else if (upn != null) {
            try {
                b.user(upn, secret(cmd, passwordFile, "--password-file", "RMS_PASSWORD", "Password for " + upn + ": "));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, "--user: " + e.getMessage());
            }
            if ("http".equalsIgnoreCase(url.getScheme()) && needIdentity) {
                err().println("rmsctl: warning: sending a password over plain HTTP to " + url
                        + "; use https:// unless this is a test");
            }
        } else if (clientCert != null && needIdentity) {
            b.clientCertificate(clientCert, secret(cmd, clientCertPasswordFile, "--client-cert-password-file",
                    "RMS_CLIENT_CERT_PASSWORD", "Password for " + clientCert + ": "));
        } else if (needIdentity) {
            throw new ParameterException(cmd, "say who you are: --user UPN (with --password-file FILE or "
                    + "$RMS_PASSWORD) for an online user, or --client-cert FILE.p12 or --kerberos (--keytab FILE "
                    + "--principal NAME) for a server behind a connector");
        }
        if (trustStorePasswordFile != null) {
            b.trustStorePassword(readSecret(cmd, trustStorePasswordFile, "--trust-store-password-file"));
        }
        if (trustStore != null) {
            b.trustStore(trustStore, trustStorePasswordFile == null ? null
                    : readSecret(cmd, trustStorePasswordFile, "--trust-store-password-file"));
        }
        for (Path p : trustCerts) {
            b.trustCertificate(p);
        }
        if (workload != null) {
            try {
                b.workload(workload);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, "--workload: " + e.getMessage());
            }
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds <= 0) {
                throw new ParameterException(cmd, "--timeout must be a positive number of seconds");
            }
            b.requestTimeout(Duration.ofSeconds(timeoutSeconds));
        }
        Path h = home != null ? home : env.containsKey("RMSCTL_HOME") ? Path.of(env.get("RMSCTL_HOME")) : null;
        if (h != null) {
            b.home(h);
        }
        return RmsClient.create(b.build());
    }

    /** The JDK reads java.security.krb5.conf, not MIT's KRB5_CONFIG: pass either on. */
    private void useKrb5Conf() {
        String conf = krb5Conf != null ? krb5Conf.toString() : env.get("KRB5_CONFIG");
        if (conf != null && System.getProperty("java.security.krb5.conf") == null) {
            System.setProperty("java.security.krb5.conf", conf);
        }
    }

    private URI serviceUrl(CommandLine cmd) {
        String s = service != null ? service : env.getOrDefault("RMS_SERVICE_URL", DEFAULT_SERVICE);
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new ParameterException(cmd, "--service: not a URL: " + s);
        }
    }

    private char[] secret(CommandLine cmd, Path file, String option, String envName, String prompt) {
        if (file != null) {
            return readSecret(cmd, file, option);
        }
        String fromEnv = env.get(envName);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        if (interactive && System.console() != null) {
            char[] typed = System.console().readPassword("%s", prompt);
            if (typed != null) {
                return typed;
            }
        }
        throw new ParameterException(cmd, "no password: use " + option + " FILE or set $" + envName);
    }

    // The first line, so a trailing newline from `echo secret > file` is not part of the password.
    private static char[] readSecret(CommandLine cmd, Path file, String option) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            String line = nl >= 0 ? s.substring(0, nl) : s;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new ParameterException(cmd, option + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- errors

    private int usageError(ParameterException ex) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("rmsctl: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private int failure(Exception ex) {
        PrintWriter err = spec.commandLine().getErr();
        if (ex instanceof RmsClientException e) {
            err.println("rmsctl: " + e.getMessage() + hint(e));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return exitCode(e);
        }
        err.println("rmsctl: unexpected failure: " + ex + (debug ? "" : " (run with --debug for details)"));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    static int exitCode(RmsClientException e) {
        return switch (e.code()) {
            case RmsClientException.SERVICE_UNAVAILABLE -> ExitCodes.UNAVAILABLE;
            case RmsClientException.BAD_ARGUMENT -> ExitCodes.USAGE;
            default -> ExitCodes.FAILED;
        };
    }

    // What to change on this command line; the SDK's message already says what happened.
    private static String hint(RmsClientException e) {
        return switch (e.code()) {
            case RmsClientException.UNAUTHENTICATED ->
                    "\n  (check --user and --password-file or $RMS_PASSWORD, or --client-cert)";
            case RmsClientException.TLS_FAILURE ->
                    "\n  (a private or self-signed server certificate: pass --trust-cert FILE.pem or --trust-store F)";
            case RmsClientException.OUTPUT_EXISTS ->
                    "\n  (pass --overwrite to replace it, or -o to choose another name)";
            case RmsClientException.KEY_STORE ->
                    "\n  (the key store location is --home DIR, default ~/.rmsctl)";
            case RmsClientException.SERVICE_UNAVAILABLE ->
                    "\n  (exit code 3: try again later; --service selects the URL)";
            default -> "";
        };
    }

    /** The version from the jar, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Rmsctl.class.getPackage().getImplementationVersion();
            return new String[] {"rmsctl " + (v != null ? v : "0.1.0")};
        }
    }
}
