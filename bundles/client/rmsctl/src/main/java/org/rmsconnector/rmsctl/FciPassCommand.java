package org.rmsconnector.rmsctl;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.rmsctl.exit.ExitCodes;
import org.rmsconnector.simulators.ClassificationRule;
import org.rmsconnector.simulators.FciPass;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code rmsctl simulate fci-pass}. */
@Command(name = "fci-pass", mixinStandardHelpOptions = true,
        description = {"As a file server running an FCI classification with an RMS task: every file under "
                + "FOLDER that the rule selects (--include globs and/or --match-content, a regular expression "
                + "searched in the file's text; for Office Open XML files the text of its parts) is protected "
                + "with --template into NAME.rmsp beside it; the original is left in place.",
                "Non-Office files the connector refuses are skipped with its message; an existing NAME.rmsp is "
                        + "skipped unless --overwrite; other failures are reported per file."})
final class FciPassCommand implements Callable<Integer> {
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
                ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED;
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
