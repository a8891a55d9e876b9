package org.rmsconnector.rmsctl;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.rmsctl.exit.ExitCodes;
import org.rmsconnector.simulators.SharePointSimulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code rmsctl simulate sharepoint}. */
@Command(name = "sharepoint", mixinStandardHelpOptions = true,
        description = {"As a SharePoint server with an IRM library: protects DOCUMENT on download for the user "
                + "--download-for with the library policy (--rights, --expires-days, --offline-days) into "
                + "DOCUMENT.rmsp, then decrypts that upload on behalf of each --upload-as user into "
                + "NAME.uploaded-by-USER.EXT if the user holds --upload-right; a user without it is refused "
                + "and nothing is written."})
final class SharePointCommand implements Callable<Integer> {
    @ParentCommand
    SimulateCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "The library's document.")
    Path document;

    @Option(names = "--download-for", paramLabel = "UPN", required = true,
            description = "The user who downloads the document.")
    String downloadFor;

    @Option(names = "--rights", paramLabel = "RIGHT[,RIGHT...]", split = ",", defaultValue = "VIEW",
            description = "The library policy's rights (default: VIEW); the connector allows VIEW, "
                    + "VIEWRIGHTSDATA, PRINT, EDIT, DOCEDIT, EXTRACT, OBJMODEL.")
    List<String> rights = new ArrayList<>();

    @Option(names = "--expires-days", paramLabel = "N", description = "Access ends N days after download.")
    Integer expiresDays;

    @Option(names = "--offline-days", paramLabel = "N",
            description = "Days the user may work offline (the library's 'verify every N days').")
    Integer offlineDays;

    @Option(names = "--upload-as", paramLabel = "UPN",
            description = "Upload the protected download as this user; repeatable.")
    List<String> uploadAs = new ArrayList<>();

    @Option(names = "--upload-right", paramLabel = "RIGHT", defaultValue = "EDIT",
            description = "The right an upload needs to be stored decrypted (default: EDIT).")
    String uploadRight;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Where to write the download and the uploads (default: beside DOCUMENT).")
    Path outDir;

    @Option(names = "--overwrite", description = "Replace the outputs of an earlier run.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        Set<Right> policyRights = EnumSet.noneOf(Right.class);
        rights.forEach(r -> policyRights.add(SimulateCommand.right(cmd, "--rights", r)));
        Right required = SimulateCommand.right(cmd, "--upload-right", uploadRight);
        SharePointSimulation.LibraryPolicy policy;
        try {
            policy = new SharePointSimulation.LibraryPolicy(policyRights, expiresDays, offlineDays);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
        Path dir = outDir != null ? outDir : document.toAbsolutePath().getParent();
        Path download = dir.resolve(document.getFileName() + RmsClient.PROTECTED_SUFFIX);
        SharePointSimulation.Download d;
        List<SharePointSimulation.Upload> uploads = new ArrayList<>();
        try (RmsClient rms = parent.client(cmd, "sharepoint")) {
            SharePointSimulation sim = new SharePointSimulation(rms, rms::open);
            d = sim.download(document, download, downloadFor, policy, overwrite, Instant.now());
            for (String user : uploadAs) {
                Path out = dir.resolve(uploadName(document, user));
                uploads.add(sim.upload(download, out, user, required, overwrite, document));
            }
        }
        boolean ok = uploads.stream().allMatch(SharePointSimulation.Upload::asRuled);
        Rmsctl root = parent.root;
        if (root.json()) {
            root.out().println(Output.json(json(d, policy, required, uploads, ok)));
        } else {
            root.out().println(text(d, uploads, ok));
        }
        return ok ? 0 : ExitCodes.FAILED;
    }

    static String uploadName(Path document, String user) {
        String name = document.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String who = "uploaded-by-" + user.replaceAll("[^A-Za-z0-9@._+-]", "_");
        return dot > 0 ? name.substring(0, dot) + "." + who + name.substring(dot) : name + "." + who;
    }

    static Map<String, Object> json(SharePointSimulation.Download d, SharePointSimulation.LibraryPolicy policy,
            Right required, List<SharePointSimulation.Upload> uploads, boolean ok) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("simulation", "sharepoint");
        m.put("ok", ok);
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("document", d.document().toString());
        dm.put("user", d.user());
        dm.put("rights", SimulateCommand.rights(policy.rights()));
        if (policy.expiryDays() != null) {
            dm.put("expiresDays", policy.expiryDays());
        }
        dm.put("output", d.protectedFile().toString());
        dm.putAll(Output.info(d.protection().info(), Instant.now()));
        m.put("download", dm);
        List<Object> ul = new ArrayList<>();
        for (SharePointSimulation.Upload u : uploads) {
            Map<String, Object> um = new LinkedHashMap<>();
            um.put("user", u.user());
            um.put("outcome", u.outcome().name().toLowerCase(Locale.ROOT));
            um.put("requiredRight", required.name());
            um.put("rights", SimulateCommand.rights(u.rights()));
            um.put("output", u.output().toString());
            um.put("written", u.written());
            if (u.identical() != null) {
                um.put("identical", u.identical());
            }
            if (u.code() != null) {
                um.put("code", u.code());
            }
            um.put("message", u.message());
            ul.add(um);
        }
        m.put("uploads", ul);
        return m;
    }

    static String text(SharePointSimulation.Download d, List<SharePointSimulation.Upload> uploads, boolean ok) {
        StringBuilder b = new StringBuilder("sharepoint " + d.document() + "\n");
        b.append("  download  for ").append(d.user()).append(" with ")
                .append(Output.policyText(d.protection().info().policy()))
                .append(d.protection().info().contentExpiry() == null ? ""
                        : ", until " + d.protection().info().contentExpiry())
                .append(", offline ").append(d.protection().info().offlineDays()).append(" days -> ")
                .append(d.protectedFile()).append('\n');
        for (SharePointSimulation.Upload u : uploads) {
            b.append("  upload    as ").append(u.user()).append(": ")
                    .append(u.outcome().name().toLowerCase(Locale.ROOT))
                    .append(u.written() ? " -> " + u.output() + (Boolean.FALSE.equals(u.identical())
                            ? " (DIFFERENT from the document)" : "") : ", nothing written")
                    .append(u.outcome() == SharePointSimulation.Outcome.DECRYPTED ? "" : " (" + u.message() + ")")
                    .append('\n');
        }
        return b.append(ok ? "OK" : "FAILED: an upload did not end as the library's rules say").toString();
    }
}
