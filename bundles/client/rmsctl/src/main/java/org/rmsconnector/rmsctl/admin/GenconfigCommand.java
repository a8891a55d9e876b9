package org.rmsconnector.rmsctl.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.rmsconnector.rmsctl.exit.ExitCodes;
import org.rmsconnector.rmsctl.adminclient.AdminApiException;
import org.rmsconnector.rmsctl.adminclient.AdminResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rmsctl genconfig}: the registry file, GPO script or properties that point one workload's servers at the
 * connector ({@code GET /admin/api/server-configuration}; no credentials, the URLs are no secret).
 */
@Command(name = "genconfig", mixinStandardHelpOptions = true,
        description = "Generates the configuration that points a workload's servers at the connector: a .reg file, "
                + "a PowerShell script for a GPO, or properties. Needs no credentials. --workload (exchange, "
                + "sharepoint or fci) says whose servers. Warnings go to stderr.",
        footerHeading = "%n",
        footer = "Exit codes: 0 written, 1 refused (e.g. the workload's adapter is not installed), 2 usage error, "
                + "3 connector unavailable or unreachable.")
public final class GenconfigCommand implements Callable<Integer> {

    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    @Spec
    CommandSpec spec;

    @Option(names = "--connector", paramLabel = "URL",
            description = "The connector to ask, and (unless --server-url) the URL the servers are given "
                    + "(default: $RMS_CONNECTOR_URL).")
    String connector;

    @Option(names = "--server-url", paramLabel = "URL",
            description = "The URL the servers are given, if not --connector's: the load-balanced name, "
                    + "https://rmsconnector.contoso.com.")
    String serverUrl;

    @Option(names = "--format", paramLabel = "reg|ps1|properties", defaultValue = "reg",
            description = "The file's format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the file here (a directory: the connector's file name inside it); default stdout.")
    Path output;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        String workload = workload(cmd);
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!List.of("reg", "ps1", "properties").contains(f)) {
            throw new ParameterException(cmd, "--format: '" + format + "' is not reg, ps1 or properties");
        }
        AdminSession session = AdminSession.of(cmd, connector, false, false);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("workload", workload);
        query.put("connector", serverUrl != null ? serverUrl.trim() : session.connectorOrigin());
        query.put("format", f);
        AdminResponse response;
        try {
            response = session.client(false, true, AdminCommand.TIMEOUT).get("/server-configuration", query);
        } catch (AdminApiException e) {
            return session.report(e);
        }
        Map<String, Object> generated = Json.parse(response);
        for (String w : Json.strings(generated, "warnings")) {
            session.err().println("rmsctl: warning: " + Table.clean(w));
        }
        session.err().flush();
        String content = Json.text(generated, "content");
        if (content == null) {
            session.err().println("rmsctl: the connector's answer holds no content");
            return ExitCodes.FAILED;
        }
        if (output != null) {
            Path target = target(cmd, Json.text(generated, "fileName"));
            try {
                write(target, content);
            } catch (IOException e) {
                session.err().println("rmsctl: cannot write " + target + ": " + e.getMessage());
                return ExitCodes.FAILED;
            }
            if (!session.json()) {
                session.out().println("wrote " + target);
            }
        } else if (!session.json()) {
            session.out().print(content);
        }
        if (session.json()) {
            session.printJson(response.body());
        }
        session.out().flush();
        return 0;
    }

    private String workload(CommandLine cmd) {
        Object value = spec.findOption("--workload") == null ? null : spec.findOption("--workload").getValue();
        if (!(value instanceof String w) || w.isBlank()) {
            throw new ParameterException(cmd, "give --workload exchange, sharepoint or fci");
        }
        String id = w.trim().toLowerCase(Locale.ROOT);
        if (!List.of("exchange", "sharepoint", "fci").contains(id)) {
            throw new ParameterException(cmd, "--workload: '" + w + "' is not exchange, sharepoint or fci");
        }
        return id;
    }

    private Path target(CommandLine cmd, String fileName) {
        if (!Files.isDirectory(output)) {
            return output;
        }
        if (fileName == null || !SAFE_FILE_NAME.matcher(fileName).matches()) {
            throw new ParameterException(cmd, "-o: the connector suggested no usable file name; name a file");
        }
        return output.resolve(fileName);
    }

    // Written beside the target and moved over it, so a reader never sees half a file.
    private static void write(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".partial");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the temporary file is hidden and named .partial; nothing else to do
            }
        }
    }
}
