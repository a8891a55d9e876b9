package org.rmsconnector.rmsctl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rmsconnector.client.ContentTracking;
import org.rmsconnector.client.RmsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rmsctl revoke}: the cloud issues no new license for a content; {@code --undo} licenses it again. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes a protected content: from now on the cloud service issues no new license for it, to "
                + "anyone (super users included, unless --allow-super-users), on every cloud node. A license issued "
                + "before keeps working offline until it expires (at most the content's offline days). Asks the cloud "
                + "service (--service is its URL) as the content's owner or a global administrator (--user).")
final class RevokeCommand implements Callable<Integer> {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTENT_ID|FILE",
            description = "The content id (rmsctl info shows it), or the protected file itself.")
    String content;

    @Option(names = "--allow-super-users",
            description = "Super users (Exchange's journal and transport decryption, eDiscovery) still get licenses.")
    boolean allowSuperUsers;

    @Option(names = "--undo", description = "Undo the revocation: licenses are issued again as the policy says.")
    boolean undo;

    @Override
    public Integer call() throws Exception {
        if (undo && allowSuperUsers) {
            throw new ParameterException(spec.commandLine(), "--undo takes no --allow-super-users");
        }
        try (RmsClient client = root.client(spec.commandLine(), true)) {
            String id = ContentIds.resolve(client, content);
            if (undo) {
                client.reinstate(id);
                print(id, null);
            } else {
                print(id, client.revoke(id, allowSuperUsers));
            }
        }
        return 0;
    }

    private void print(String id, ContentTracking.Revocation r) {
        if (root.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contentId", id);
            m.put("revoked", r != null);
            m.put("revocation", r == null ? null : json(r));
            root.out().println(Output.json(m));
        } else if (r == null) {
            root.out().println("content " + id + " is no longer revoked: licenses are issued as its policy says");
        } else {
            root.out().println("content " + id + " revoked " + describe(r));
            root.out().println("no new license is issued for it; licenses issued before work offline until they"
                    + " expire");
        }
    }

    static String describe(ContentTracking.Revocation r) {
        return "by " + r.revokedBy() + " at " + r.revokedAt() + (r.allowSuperUsers() ? " (super users still get"
                + " licenses)" : " (super users too)");
    }

    static Map<String, Object> json(ContentTracking.Revocation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revokedBy", r.revokedBy());
        m.put("revokedAt", r.revokedAt() == null ? null : r.revokedAt().toString());
        m.put("allowSuperUsers", r.allowSuperUsers());
        return m;
    }
}
