package org.rmsconnector.rmsctl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.rmsctl.simulate.ClassificationRule;
import org.rmsconnector.rmsctl.simulate.ExchangeMailSimulation;
import org.rmsconnector.rmsctl.simulate.FciPass;
import org.rmsconnector.rmsctl.simulate.Mailbox;
import org.rmsconnector.rmsctl.simulate.OnBehalfOpener;
import org.rmsconnector.rmsctl.simulate.SharePointSimulation;
import org.rmsconnector.protocol.Right;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rmsctl simulate}: does what an on-premises Exchange, SharePoint or FCI server does, through the connector,
 * with the server's client certificate. Each simulation declares its workload itself. Exit codes: 0 every step
 * ended as the workload's rules say (a refusal the rules call for included), 1 a step failed or a check did not
 * hold, 2 usage error, 3 service unavailable.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        subcommands = {SimulateCommand.ExchangeMail.class, SimulateCommand.SharePoint.class,
                SimulateCommand.FciPassCommand.class},
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

    // ---------------------------------------------------------------- exchange-mail

    /** {@code rmsctl simulate exchange-mail}. */
    @Command(name = "exchange-mail", mixinStandardHelpOptions = true,
            description = {"As an Exchange server: protects MESSAGE (an RFC 822 .eml) Do-Not-Forward for its To/Cc "
                    + "recipients on behalf of its sender (From) into MESSAGE.rmsp, decrypts that in transport as "
                    + "the Exchange server (super user) into NAME.decrypted.EXT and checks the bytes are identical.",
                    "Do-Not-Forward grants each recipient VIEW, REPLY, REPLYALL, VIEWRIGHTSDATA. Then it "
                            + "pre-licenses the recipients, each for a fresh key pair of their own, and checks each "
                            + "license holds exactly those rights and decrypts the message with that key."})
    static final class ExchangeMail implements Callable<Integer> {
        @ParentCommand
        SimulateCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "MESSAGE", description = "The message file (RFC 822/5322).")
        Path message;

        @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
                description = "Where to write MESSAGE.rmsp and the decrypted copy (default: beside MESSAGE).")
        Path outDir;

        @Option(names = "--owner", paramLabel = "UPN", description = "Protect on behalf of UPN (default: From).")
        String owner;

        @Option(names = "--overwrite", description = "Replace the outputs of an earlier run.")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            ExchangeMailSimulation.Result r;
            try (RmsClient rms = parent.client(spec.commandLine(), "exchange")) {
                r = new ExchangeMailSimulation(rms).run(message, outDir, owner, overwrite);
            }
            Rmsctl root = parent.root;
            if (root.json()) {
                root.out().println(Output.json(json(r)));
            } else {
                root.out().println(text(r));
            }
            return r.ok() ? 0 : Rmsctl.EXIT_FAILED;
        }

        static Map<String, Object> json(ExchangeMailSimulation.Result r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("simulation", "exchange-mail");
            m.put("ok", r.ok());
            m.put("message", r.message().toString());
            m.put("owner", r.owner());
            m.put("recipients", r.recipients().stream().map(Mailbox::address).collect(Collectors.toList()));
            m.put("rights", rights(ExchangeMailSimulation.DO_NOT_FORWARD));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("output", r.protectedFile().toString());
            p.put("bytes", r.protection().plaintextBytes());
            p.put("protectedBytes", r.protection().protectedBytes());
            p.putAll(Output.info(r.protection().info(), Instant.now()));
            m.put("protected", p);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("output", r.decryptedFile().toString());
            t.put("bytes", r.transport().plaintextBytes());
            t.put("rights", rights(r.transport().rights()));
            t.put("licenseExpiresAt", String.valueOf(r.transport().licenseExpiresAt()));
            t.put("identical", r.identical());
            m.put("transportDecrypt", t);
            m.put("preLicense", preLicense(r.preLicense()));
            return m;
        }

        static Map<String, Object> preLicense(ExchangeMailSimulation.PreLicensing p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", p.status());
            if (p.code() != null) {
                m.put("code", p.code());
                m.put("message", p.message());
            }
            List<Object> recipients = new ArrayList<>();
            for (ExchangeMailSimulation.RecipientLicense l : p.recipients()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("identity", l.identity());
                one.put("outcome", l.outcome());
                one.put("rights", rights(l.rights()));
                if (l.licenseExpiresAt() != null) {
                    one.put("licenseExpiresAt", l.licenseExpiresAt().toString());
                }
                one.put("decrypts", l.decrypts());
                if (l.code() != null) {
                    one.put("code", l.code());
                }
                if (l.message() != null) {
                    one.put("message", l.message());
                }
                recipients.add(one);
            }
            m.put("recipients", recipients);
            return m;
        }

        static String text(ExchangeMailSimulation.Result r) {
            return "exchange-mail " + r.message() + "\n"
                    + "  protected    Do-Not-Forward for " + r.recipients().stream().map(Mailbox::address)
                            .collect(Collectors.joining(", ")) + " on behalf of " + r.owner() + " -> "
                    + r.protectedFile() + " (content id " + r.protection().info().contentId() + ")\n"
                    + "  transport    decrypted as the Exchange server with " + rights(r.transport().rights())
                    + " -> " + r.decryptedFile() + ": " + (r.identical() ? "identical" : "DIFFERENT") + "\n"
                    + "  pre-license  " + preLicenseText(r.preLicense()) + "\n"
                    + (r.ok() ? "OK" : "FAILED: " + (r.identical() ? "" : "the decrypted message differs from the "
                            + "original") + (r.identical() || r.preLicense().ok() ? "" : "; ")
                            + (r.preLicense().ok() ? "" : "pre-licensing did not hold for every recipient"));
        }

        static String preLicenseText(ExchangeMailSimulation.PreLicensing p) {
            if (p.code() != null) {
                return p.status() + ": refused (" + p.code() + "): " + p.message();
            }
            return p.status() + ": " + p.recipients().stream().map(l -> l.identity() + " " + ("licensed".equals(
                    l.outcome()) ? rights(l.rights()) + (l.decrypts() ? " decrypts" : " does NOT decrypt")
                    : "refused (" + l.code() + ")") + (l.message() != null ? ": " + l.message() : ""))
                    .collect(Collectors.joining("; "));
        }
    }

    // ---------------------------------------------------------------- sharepoint

    /** {@code rmsctl simulate sharepoint}. */
    @Command(name = "sharepoint", mixinStandardHelpOptions = true,
            description = {"As a SharePoint server with an IRM library: protects DOCUMENT on download for the user "
                    + "--download-for with the library policy (--rights, --expires-days, --offline-days) into "
                    + "DOCUMENT.rmsp, then decrypts that upload on behalf of each --upload-as user into "
                    + "NAME.uploaded-by-USER.EXT if the user holds --upload-right; a user without it is refused "
                    + "and nothing is written."})
    static final class SharePoint implements Callable<Integer> {
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
            rights.forEach(r -> policyRights.add(right(cmd, "--rights", r)));
            Right required = right(cmd, "--upload-right", uploadRight);
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
            return ok ? 0 : Rmsctl.EXIT_FAILED;
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
            dm.put("rights", rights(policy.rights()));
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
                um.put("rights", rights(u.rights()));
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

    // ---------------------------------------------------------------- fci-pass

    /** {@code rmsctl simulate fci-pass}. */
    @Command(name = "fci-pass", mixinStandardHelpOptions = true,
            description = {"As a file server running an FCI classification with an RMS task: every file under "
                    + "FOLDER that the rule selects (--include globs and/or --match-content, a regular expression "
                    + "searched in the file's text; for Office Open XML files the text of its parts) is protected "
                    + "with --template into NAME.rmsp beside it; the original is left in place.",
                    "Non-Office files the connector refuses are skipped with its message; an existing NAME.rmsp is "
                            + "skipped unless --overwrite; other failures are reported per file."})
    static final class FciPassCommand implements Callable<Integer> {
        @ParentCommand
        SimulateCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER", description = "The folder to classify (recursively).")
        Path folder;

        @Option(names = "--template", paramLabel = "ID", required = true,
                description = "The template to protect with (one for applications; see 'rmsctl templates').")
        String template;

        @Option(names = "--match-content", paramLabel = "REGEX",
                description = "Select files whose text contains a match (Java regular expression).")
        String matchContent;

        @Option(names = "--include", paramLabel = "GLOB",
                description = "Select files whose name (or, with '/', relative path) matches; repeatable.")
        List<String> include = new ArrayList<>();

        @Option(names = "--overwrite", description = "Protect again files whose NAME.rmsp exists, replacing it.")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            CommandLine cmd = spec.commandLine();
            ClassificationRule rule;
            try {
                rule = ClassificationRule.of(include, matchContent);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, e.getMessage() + " (--match-content REGEX, --include GLOB)");
            }
            FciPass.Summary s;
            try (RmsClient rms = parent.client(cmd, "fci")) {
                s = new FciPass(rms, Clock.systemUTC()).run(folder, template, rule, overwrite);
            }
            Rmsctl root = parent.root;
            if (root.json()) {
                root.out().println(Output.json(json(s)));
            } else {
                root.out().println(text(s));
            }
            return exitCode(s);
        }

        /** 0 without failures; 3 when the service being unavailable was the only failure; 1 otherwise. */
        static int exitCode(FciPass.Summary s) {
            List<FciPass.FileResult> failed = s.files().stream()
                    .filter(f -> f.status() == FciPass.Status.FAILED).toList();
            if (failed.isEmpty()) {
                return 0;
            }
            return failed.stream().allMatch(f -> RmsClientException.SERVICE_UNAVAILABLE.equals(f.code()))
                    ? Rmsctl.EXIT_UNAVAILABLE : Rmsctl.EXIT_FAILED;
        }

        static Map<String, Object> json(FciPass.Summary s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("simulation", "fci-pass");
            m.put("ok", s.count(FciPass.Status.FAILED) == 0);
            m.put("folder", s.folder().toString());
            m.put("template", s.template());
            m.put("rule", s.rule());
            m.put("scanned", s.scanned());
            m.put("matched", s.matched());
            m.put("protected", s.count(FciPass.Status.PROTECTED));
            m.put("skipped", s.count(FciPass.Status.SKIPPED));
            m.put("failed", s.count(FciPass.Status.FAILED));
            m.put("elapsedMillis", s.elapsed().toMillis());
            List<Object> files = new ArrayList<>();
            for (FciPass.FileResult f : s.files()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("file", f.file().toString());
                fm.put("status", f.status().name().toLowerCase(Locale.ROOT));
                if (f.output() != null) {
                    fm.put("output", f.output().toString());
                    fm.put("contentId", f.contentId());
                }
                if (f.code() != null) {
                    fm.put("code", f.code());
                }
                fm.put("message", f.message());
                files.add(fm);
            }
            m.put("files", files);
            return m;
        }

        static String text(FciPass.Summary s) {
            StringBuilder b = new StringBuilder();
            for (FciPass.FileResult f : s.files()) {
                b.append(String.format("%-10s %s", f.status().name().toLowerCase(Locale.ROOT), f.file()));
                b.append(f.status() == FciPass.Status.PROTECTED ? " -> " + f.output()
                        : ": " + f.code() + ": " + f.message()).append('\n');
            }
            return b.append(String.format("fci-pass %s (%s, template %s): scanned %d, matched %d: protected %d, "
                    + "skipped %d, failed %d (%.1f s)", s.folder(), s.rule(), s.template(), s.scanned(), s.matched(),
                    s.count(FciPass.Status.PROTECTED), s.count(FciPass.Status.SKIPPED),
                    s.count(FciPass.Status.FAILED), s.elapsed().toMillis() / 1000.0)).toString();
        }
    }
}
