package org.rmsconnector.rmsctl.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.rmsconnector.rmsctl.adminclient.AdminApiException;
import org.rmsconnector.rmsctl.adminclient.AdminHttpClient;
import org.rmsconnector.rmsctl.adminclient.AdminResponse;
import org.rmsconnector.rmsctl.adminclient.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rmsctl admin}: what the Web Console plugins offer, through the admin REST API ({@code docs/admin-api.md}),
 * as the console's user. Exit codes: 0 done, 1 refused, invalid, not found or conflict, 2 usage error, 3 the
 * connector or a service it needs is unavailable or unreachable, 4 no or wrong credentials.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        subcommands = {AdminCommand.Servers.class, AdminCommand.Workloads.class},
        description = "Administers a connector through its admin API, as the Web Console's user: --user (default "
                + "admin) with the password from --password-file or $RMS_ADMIN_PASSWORD (the connector's "
                + "data/console-password). --json prints the API's JSON unchanged.",
        footerHeading = "%n", footer = AdminCommand.EXIT_CODES)
public final class AdminCommand implements Runnable {

    static final String EXIT_CODES = "Exit codes: 0 done, 1 refused, invalid, not found or conflict, 2 usage error, "
            + "3 connector unavailable or unreachable (try again later), 4 no or wrong credentials.";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.jar");

    @Spec
    CommandSpec spec;

    @Option(names = "--connector", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The connector, https://HOST:8443 (default: $RMS_CONNECTOR_URL).")
    String connector;

    @Option(names = "--allow-http", scope = ScopeType.INHERIT,
            description = "Send the password over plain http:// anyway (tests only; the API refuses it).")
    boolean allowHttp;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "name what to do: status, servers, directory, workloads, events or connectors");
    }

    /** A call of the API. */
    interface Call {
        AdminResponse run(AdminHttpClient client) throws AdminApiException;
    }

    /** The human output of a successful call. */
    interface View {
        void show(AdminSession session, AdminResponse response);
    }

    /** Runs {@code call} as command {@code name}: --json prints the answer as sent, otherwise {@code view}. */
    int run(String name, Call call, View view) {
        return run(spec.commandLine(), name, call, view);
    }

    private static CommandLine commandLine(CommandLine parent, String name) {
        CommandLine sub = parent.getSubcommands().get(name);
        return sub != null ? sub : parent;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The node: cloud connection, registration, authorized-servers list, "
                + "workloads and recent traffic.")
    int status() {
        return run("status", c -> c.get("/status", null),
                (s, r) -> AdminViews.status(s.out(), Json.parse(r)));
    }

    @Command(name = "directory", mixinStandardHelpOptions = true,
            description = "Searches the directory for accounts, computers and groups to "
                + "authorize.")
    int directory(@Parameters(paramLabel = "TEXT", description = "Part of a name.") String text,
            @Option(names = "--limit", paramLabel = "N", description = "At most N entries (1..200, default 20).")
            Integer limit) {
        if (limit != null && (limit < 1 || limit > 200)) {
            throw new ParameterException(commandLine(spec.commandLine(), "directory"), "--limit: 1 to 200");
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("q", text);
        query.put("limit", limit);
        return run("directory", c -> c.get("/directory", query),
                (s, r) -> AdminViews.directory(s.out(), Json.parse(r), text));
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "The connector's recent events, newest first.")
    int events(@Option(names = "--limit", paramLabel = "N", description = "At most N events (1..1000, default 100).")
            Integer limit,
            @Option(names = "--id", paramLabel = "ID", description = "Only events with this id (e.g. 2001).")
            Integer id,
            @Option(names = "--level", paramLabel = "INFO|WARNING|ERROR",
                    description = "Only events of this level or worse.") String level,
            @Option(names = "--grep", paramLabel = "TEXT", description = "Only events whose text holds TEXT.")
            String grep) {
        CommandLine cmd = commandLine(spec.commandLine(), "events");
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new ParameterException(cmd, "--limit: 1 to 1000");
        }
        String lvl = level == null ? null : level.trim().toUpperCase(Locale.ROOT);
        if (lvl != null && !List.of("INFO", "WARNING", "ERROR").contains(lvl)) {
            throw new ParameterException(cmd, "--level: '" + level + "' is not INFO, WARNING or ERROR");
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("limit", limit);
        query.put("id", id);
        query.put("level", lvl);
        query.put("q", grep);
        return run("events", c -> c.get("/events", query), (s, r) -> AdminViews.events(s.out(), Json.parse(r)));
    }

    @Command(name = "connectors", mixinStandardHelpOptions = true,
            description = "The connector nodes registered in the tenant.")
    int connectors() {
        return run("connectors", c -> c.get("/connectors", null),
                (s, r) -> AdminViews.connectors(s.out(), Json.parse(r)));
    }

    /** {@code rmsctl admin servers list|add|remove}: the authorized-servers list. */
    @Command(name = "servers", mixinStandardHelpOptions = true,
            description = "The authorized-servers list: which accounts, computers and groups may call the connector "
                    + "as which workload.", footerHeading = "%n", footer = EXIT_CODES)
    static final class Servers implements Runnable {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "name what to do: list, add or remove");
        }

        @Command(name = "list", mixinStandardHelpOptions = true,
                description = "The list in force on this node.")
        int list() {
            return admin.run(spec.commandLine(), "list", c -> c.get("/authorized-servers", null),
                    (s, r) -> AdminViews.servers(s.out(), Json.parse(r)));
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Authorizes ACCOUNT (user@domain, HOST$ or a group) as a workload. "
                    + "An Exchange entry is a super user of all protected content.")
        int add(@Parameters(paramLabel = "ACCOUNT") String account,
                @Option(names = "--role", required = true, paramLabel = "exchange|sharepoint|fci") String role,
                @Option(names = "--kind", paramLabel = "ACCOUNT|COMPUTER|GROUP",
                        description = "Default: COMPUTER for a name ending in $, ACCOUNT for user@domain.")
                String kind) {
            CommandLine cmd = spec.commandLine().getSubcommands().get("add");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("account", account);
            body.put("kind", kind(cmd, account, kind));
            body.put("role", role(cmd, role));
            return admin.run(spec.commandLine(), "add", c -> c.postJson("/authorized-servers", body), (s, r) -> {
                Map<String, Object> e = Json.parse(r);
                s.out().println("authorized " + Table.clean(Json.text(e, "kind")) + " "
                        + Table.clean(Json.text(e, "account")) + " as " + Table.clean(Json.text(e, "role")));
                if (Json.text(e, "warning") != null) {
                    s.err().println("rmsctl: warning: " + Table.clean(Json.text(e, "warning")));
                }
            });
        }

        @Command(name = "remove", mixinStandardHelpOptions = true,
                description = "Removes the entry of ACCOUNT for that workload.")
        int remove(@Parameters(paramLabel = "ACCOUNT") String account,
                @Option(names = "--role", required = true, paramLabel = "exchange|sharepoint|fci") String role) {
            CommandLine cmd = spec.commandLine().getSubcommands().get("remove");
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("account", account);
            query.put("role", role(cmd, role));
            return admin.run(spec.commandLine(), "remove", c -> c.delete("/authorized-servers", query),
                    (s, r) -> s.out().println("removed " + Table.clean(account) + " as " + query.get("role")));
        }

        static String role(CommandLine cmd, String role) {
            String r = role.trim().toLowerCase(Locale.ROOT);
            if (!List.of("exchange", "sharepoint", "fci").contains(r)) {
                throw new ParameterException(cmd, "--role: '" + role + "' is not exchange, sharepoint or fci");
            }
            return r;
        }

        static String kind(CommandLine cmd, String account, String kind) {
            if (kind != null) {
                String k = kind.trim().toUpperCase(Locale.ROOT);
                if (!List.of("ACCOUNT", "COMPUTER", "GROUP").contains(k)) {
                    throw new ParameterException(cmd, "--kind: '" + kind + "' is not ACCOUNT, COMPUTER or GROUP");
                }
                return k;
            }
            if (account.trim().endsWith("$")) {
                return "COMPUTER";
            }
            if (account.contains("@")) {
                return "ACCOUNT";
            }
            throw new ParameterException(cmd, "say what '" + account + "' is: --kind GROUP (a group of servers), "
                    + "--kind ACCOUNT (a service account) or --kind COMPUTER");
        }
    }

    /** {@code rmsctl admin workloads list|enable|disable|install}. */
    @Command(name = "workloads", mixinStandardHelpOptions = true,
            description = "The workloads (exchange, sharepoint, fci): their switches, adapters and traffic.",
            footerHeading = "%n", footer = EXIT_CODES)
    static final class Workloads implements Runnable {
        @ParentCommand
        AdminCommand admin;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "name what to do: list, enable, disable or install");
        }

        @Command(name = "list", mixinStandardHelpOptions = true,
                description = "Each workload's switch, adapter bundle and traffic since start.")
        int list() {
            return admin.run(spec.commandLine(), "list", c -> c.get("/workloads", null),
                    (s, r) -> AdminViews.workloads(s.out(), Json.objects(Json.parse(r), "workloads")));
        }

        @Command(name = "enable", mixinStandardHelpOptions = true,
                description = "Turns workload W on (kept across restarts).")
        int enable(@Parameters(paramLabel = "W", description = "exchange, sharepoint or fci") String workload) {
            return toggle("enable", workload);
        }

        @Command(name = "disable", mixinStandardHelpOptions = true,
                description = "Turns workload W off: its servers get 503 until it is enabled.")
        int disable(@Parameters(paramLabel = "W", description = "exchange, sharepoint or fci") String workload) {
            return toggle("disable", workload);
        }

        private int toggle(String action, String workload) {
            String path = "/workloads/" + Query.component(workload.trim()) + "/" + action;
            return admin.run(spec.commandLine(), action, c -> c.postJson(path, null),
                    (s, r) -> AdminViews.workload(s.out(), Json.parse(r)));
        }

        @Command(name = "install", mixinStandardHelpOptions = true,
                description = "Uploads an adapter bundle into the connector's deploy/ folder, "
                    + "replacing the older jar of the same bundle; FileInstall starts it within seconds.")
        int install(@Parameters(paramLabel = "JAR") Path jar) {
            CommandLine cmd = spec.commandLine().getSubcommands().get("install");
            String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
            if (!JAR_NAME.matcher(name).matches()) {
                throw new ParameterException(cmd, "the file name '" + name + "' must be letters, digits, '.', '_'"
                        + " and '-' ending in .jar (it becomes the name in deploy/); rename the file");
            }
            if (!Files.isRegularFile(jar)) {
                throw new ParameterException(cmd, jar + " does not exist or is not a file");
            }
            return admin.run(spec.commandLine(), "install",
                    c -> c.putFile("/workloads/adapters/" + Query.component(name), jar, "application/java-archive"),
                    (s, r) -> s.out().println("installed " + Table.clean(Json.text(Json.parse(r), "file"))
                            + " in deploy/; see it start with 'rmsctl admin workloads list'"));
        }
    }

    /** {@link #run(String, Call, View)} for command {@code name} of {@code group}. */
    int run(CommandLine group, String name, Call call, View view) {
        CommandLine cmd = commandLine(group, name);
        AdminSession session = AdminSession.of(cmd, connector, allowHttp, true);
        AdminHttpClient client = session.client(true, true, TIMEOUT);
        AdminResponse response;
        try {
            response = call.run(client);
        } catch (AdminApiException e) {
            return session.report(e);
        }
        if (session.json()) {
            if (!response.body().isEmpty()) {
                session.printJson(response.body());
            }
        } else {
            view.show(session, response);
            session.out().flush();
        }
        return 0;
    }
}
