package org.rmsconnector.rmsctl.admin;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rmsconnector.rmsctl.adminclient.AdminApiException;
import org.rmsconnector.rmsctl.adminclient.AdminHttpClient;
import org.rmsconnector.rmsctl.adminclient.AdminResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rmsctl connector register}: registers the connector node in the tenant with a tenant administrator's
 * credentials ({@code POST /admin/api/connector/registration}), authenticated as the Web Console's user.
 */
@Command(name = "connector", mixinStandardHelpOptions = true,
        description = "The connector node's registration in the tenant.",
        footerHeading = "%n", footer = AdminCommand.EXIT_CODES)
public final class ConnectorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--connector", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The connector, https://HOST:8443 (default: $RMS_CONNECTOR_URL).")
    String connector;

    @Option(names = "--allow-http", scope = ScopeType.INHERIT,
            description = "Send the passwords over plain http:// anyway (tests only; the API refuses it).")
    boolean allowHttp;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name what to do: register");
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Registers this connector node in the tenant, as a tenant administrator (--cloud-user), "
                    + "through the node's admin API as the Web Console's user (--user, default admin; "
                    + "--password-file or $RMS_ADMIN_PASSWORD).")
    int register(@Option(names = "--cloud-user", required = true, paramLabel = "UPN",
                    description = "A tenant administrator, e.g. admin@contoso.com.") String cloudUser,
            @Option(names = "--cloud-password-file", paramLabel = "FILE",
                    description = "File whose first line is the tenant administrator's password (else "
                            + "$RMS_CLOUD_PASSWORD).") Path cloudPasswordFile,
            @Option(names = "--name", paramLabel = "NAME",
                    description = "The node's name in the tenant (default: the connector's choice).") String name) {
        CommandLine cmd = spec.commandLine().getSubcommands().get("register");
        AdminSession session = AdminSession.of(cmd, connector, allowHttp, true);
        AdminHttpClient client = session.client(true, true, AdminCommand.TIMEOUT);
        char[] cloudPassword = session.secret(cloudPasswordFile, "--cloud-password-file",
                AdminSession.ENV_CLOUD_PASSWORD, "the tenant administrator " + cloudUser);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", cloudUser);
        body.put("password", new String(cloudPassword));
        Arrays.fill(cloudPassword, '\0');
        if (name != null && !name.isBlank()) {
            body.put("name", name.trim());
        }
        AdminResponse response;
        try {
            response = client.postJson("/connector/registration", body);
        } catch (AdminApiException e) {
            return session.report(e);
        } finally {
            body.remove("password");
        }
        if (session.json()) {
            session.printJson(response.body());
        } else {
            Map<String, Object> r = Json.parse(response);
            session.out().println("registered this connector in the tenant as "
                    + Table.clean(Json.text(r, "connectorName")) + " (" + Table.clean(Json.text(r, "connectorId"))
                    + ")");
        }
        return 0;
    }
}
