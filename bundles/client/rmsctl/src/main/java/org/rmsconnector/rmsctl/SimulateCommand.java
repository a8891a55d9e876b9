package org.rmsconnector.rmsctl;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.protocol.Right;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code rmsctl simulate}: does what an on-premises Exchange, SharePoint or FCI server does, through the connector,
 * with the server's client certificate. Each simulation declares its workload itself. Exit codes: 0 every step
 * ended as the workload's rules say (a refusal the rules call for included), 1 a step failed or a check did not
 * hold, 2 usage error, 3 service unavailable.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        subcommands = {ExchangeMailCommand.class, SharePointCommand.class, FciPassCommand.class},
        description = "Does what an on-premises Exchange, SharePoint or FCI server does, through the connector "
                + "(use the server's --client-cert; the workload is declared for you).",
        footerHeading = "%n",
        footer = {"Exit codes: 0 every step ended as the workload's rules say (refusals they call for included), "
                + "1 a step failed or a check did not hold, 2 usage error, 3 service unavailable.",
                "--json prints one JSON object with \"ok\" and the details of every step."})
final class SimulateCommand implements Runnable {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a simulation: exchange-mail, sharepoint or fci-pass");
    }

    /** A client declaring {@code workload}; an explicit --workload must agree with it. */
    RmsClient client(CommandLine cmd, String workload) {
        if (root.workload == null) {
            root.workload = workload;
        } else if (!root.workload.equals(workload)) {
            throw new ParameterException(cmd, "--workload " + root.workload + " contradicts this simulation, which "
                    + "acts as " + workload + "; leave --workload out");
        }
        return root.client(cmd, true);
    }

    static List<String> rights(Set<Right> rights) {
        return rights.isEmpty() ? List.of()
                : EnumSet.copyOf(rights).stream().map(Right::name).collect(Collectors.toList());
    }

    static Right right(CommandLine cmd, String option, String value) {
        try {
            return Right.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, option + ": unknown right '" + value.trim() + "'; rights are "
                    + List.of(Right.values()).stream().map(Right::name).collect(Collectors.joining(" ")));
        }
    }
}
