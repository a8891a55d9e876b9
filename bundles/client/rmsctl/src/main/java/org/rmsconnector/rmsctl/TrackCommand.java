package org.rmsconnector.rmsctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rmsconnector.client.ContentTracking;
import org.rmsconnector.client.RmsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rmsctl track}: who obtained or was refused licenses for a protected content, from the cloud's usage log. */
@Command(name = "track", mixinStandardHelpOptions = true,
        description = "Lists who obtained or was refused a license for a protected content, when, and through which "
                + "connector and on-premises server, and whether it is revoked. Any protected file can be tracked. "
                + "Asks the cloud service (--service is its URL, not a connector's) as the content's owner or a "
                + "global administrator (--user).")
final class TrackCommand implements Callable<Integer> {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTENT_ID|FILE",
            description = "The content id (rmsctl info shows it), or the protected file itself.")
    String content;

    @Override
    public Integer call() throws Exception {
        ContentTracking t;
        try (RmsClient client = root.client(spec.commandLine(), true)) {
            t = client.track(ContentIds.resolve(client, content));
        }
        if (root.json()) {
            root.out().println(Output.json(json(t)));
            return 0;
        }
        root.out().println("content  " + t.contentId());
        root.out().println("owner    " + t.owner().orElse("(unknown)"));
        root.out().println("revoked  " + t.revocation().map(RevokeCommand::describe).orElse("no"));
        root.out().println();
        if (t.events().isEmpty()) {
            root.out().println("no requests for this content are logged");
            return 0;
        }
        String format = "%-27s  %-17s  %-16s  %-24s  %-16s  %s%n";
        root.out().printf(format, "TIME", "REQUEST", "RESULT", "USER", "SERVER", "CONNECTOR");
        for (ContentTracking.Event e : t.events()) {
            String connector = e.connectorId() == null ? "-"
                    : e.connectorName() != null ? e.connectorName() : e.connectorId();
            root.out().printf(format, e.at(), e.requestType(), e.result(), dash(e.user()), dash(e.server()),
                    connector);
        }
        return 0;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static Map<String, Object> json(ContentTracking t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contentId", t.contentId());
        m.put("owner", t.owner().orElse(null));
        m.put("revocation", t.revocation().map(RevokeCommand::json).orElse(null));
        List<Object> events = new ArrayList<>();
        for (ContentTracking.Event e : t.events()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", e.at() == null ? null : e.at().toString());
            x.put("requestType", e.requestType());
            x.put("granted", e.granted());
            x.put("result", e.result());
            x.put("user", e.user());
            x.put("server", e.server());
            x.put("connectorId", e.connectorId());
            x.put("connectorName", e.connectorName());
            events.add(x);
        }
        m.put("events", events);
        return m;
    }
}
