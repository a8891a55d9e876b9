package org.rmsconnector.rmsctl;

import java.util.concurrent.Callable;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.protocol.ServerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rmsctl server-info}: what the service or connector says about itself. */
@Command(name = "server-info", mixinStandardHelpOptions = true,
        description = "Shows what the service (or connector) at --service says about itself. Needs no credentials.")
final class ServerInfoCommand implements Callable<Integer> {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerInfo info;
        try (RmsClient client = root.client(spec.commandLine(), false)) {
            info = client.serverInfo();
        }
        if (root.json()) {
            root.out().println(info.toJson());
        } else {
            root.out().printf("%-18s %s%n", "service:", client(info.serviceName(), info.version()));
            root.out().printf("%-18s %s%n", "tenant:", info.tenantId());
            root.out().printf("%-18s %s%n", "certification URL:", info.certificationUrl());
            root.out().printf("%-18s %s%n", "licensing URL:", info.licensingUrl());
            root.out().printf("%-18s %s%n", "publishing URL:", info.publishingUrl());
        }
        return 0;
    }

    private static String client(String name, String version) {
        return name + " (version " + version + ")";
    }
}
