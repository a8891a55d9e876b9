package org.rmsconnector.rmsctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code rmsctl protect}: protects a file with a template or ad-hoc grants. */
@Command(name = "protect", mixinStandardHelpOptions = true,
        description = "Protects FILE into FILE.rmsp (or -o OUT) with a template or ad-hoc grants.",
        footerHeading = "%n",
        footer = {"Rights: VIEW EDIT DOCEDIT PRINT EXTRACT EXPORT REPLY REPLYALL FORWARD VIEWRIGHTSDATA "
                + "EDITRIGHTSDATA OBJMODEL OWNER (OWNER implies all; EXPORT allows removing protection).",
                "Example: rmsctl --user alice@contoso.com protect report.docx --grant bob@contoso.com:VIEW,PRINT"})
final class ProtectCommand implements Callable<Integer> {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to protect.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output file, or an existing directory to put FILE.rmsp in (default: FILE.rmsp beside FILE).")
    Path output;

    @Option(names = "--template", paramLabel = "ID",
            description = "Protect with this template (see 'rmsctl templates').")
    String template;

    @Option(names = "--grant", paramLabel = "USER:RIGHT[,RIGHT...]",
            description = "Grant these rights to USER (a UPN, email or group); repeatable.")
    List<String> grants = new ArrayList<>();

    @Option(names = "--owner", paramLabel = "UPN",
            description = "The content owner (default: the identity the service certified).")
    String owner;

    @Option(names = "--expires", paramLabel = "DATE",
            description = "Content expires after this day (YYYY-MM-DD, end of the day UTC) or at this instant "
                    + "(ISO-8601 with offset, e.g. 2027-01-31T17:00:00Z).")
    String expires;

    @Option(names = "--expires-days", paramLabel = "N", description = "Content expires N days from now.")
    Integer expiresDays;

    @Option(names = "--offline-days", paramLabel = "N",
            description = "Days a license may be used offline, 0.." + PublishingLicense.MAX_OFFLINE_DAYS
                    + " (default: " + ProtectOptions.DEFAULT_OFFLINE_DAYS + ").")
    Integer offlineDays;

    @Option(names = "--overwrite", description = "Replace the output if it exists.")
    boolean overwrite;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that encrypt the file's chunks at once, 1.."
            + FileOptions.MAX_THREADS + " (default: one per processor).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        ProtectOptions options = options(cmd, Instant.now());
        int threadCount = ProtectCommand.threads(cmd, threads);
        Path out = outputFor(file, output);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(cmd,
                    Files.exists(file) ? file + " is not a regular file" : "no such file: " + file);
        }
        long size = Files.size(file);
        ConsoleProgress progress = root.interactive() && size > ConsoleProgress.THRESHOLD
                ? new ConsoleProgress(root.err(), "protecting " + file.getFileName()) : null;
        ProtectResult result;
        try (RmsClient client = root.client(cmd, true)) {
            result = client.protectFile(file, out, options, new FileOptions(overwrite, progress, threadCount));
        } finally {
            if (progress != null) {
                progress.end();
            }
        }
        if (root.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("input", file.toString());
            m.put("output", out.toString());
            m.put("bytes", result.plaintextBytes());
            m.put("protectedBytes", result.protectedBytes());
            m.putAll(Output.info(result.info(), Instant.now()));
            root.out().println(Output.json(m));
        } else {
            root.out().println("protected " + file + " -> " + out + " (owner " + result.info().owner() + ", "
                    + Output.policyText(result.info().policy()) + ", content id " + result.info().contentId() + ")");
        }
        return 0;
    }

    ProtectOptions options(CommandLine cmd, Instant now) {
        if ((template == null) == grants.isEmpty()) {
            throw new ParameterException(cmd, "say how to protect: either --template ID or one or more "
                    + "--grant USER:RIGHT[,RIGHT...], not both");
        }
        ProtectOptions o;
        try {
            o = template != null ? ProtectOptions.template(template) : ProtectOptions.grants(parseGrants(cmd, grants));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
        if (expires != null && expiresDays != null) {
            throw new ParameterException(cmd, "give either --expires or --expires-days, not both");
        }
        if (expires != null) {
            o = o.withContentExpiry(parseExpiry(cmd, expires, now));
        } else if (expiresDays != null) {
            if (expiresDays < 1) {
                throw new ParameterException(cmd, "--expires-days must be at least 1");
            }
            o = o.withContentExpiry(now.plus(java.time.Duration.ofDays(expiresDays)));
        }
        if (offlineDays != null) {
            if (offlineDays < 0 || offlineDays > PublishingLicense.MAX_OFFLINE_DAYS) {
                throw new ParameterException(cmd, "--offline-days must be between 0 and "
                        + PublishingLicense.MAX_OFFLINE_DAYS);
            }
            o = o.withOfflineDays(offlineDays);
        }
        return o.withOwner(owner);
    }

    static Map<String, EnumSet<Right>> parseGrants(CommandLine cmd, List<String> specs) {
        Map<String, EnumSet<Right>> out = new LinkedHashMap<>();
        for (String s : specs) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new ParameterException(cmd, "--grant '" + s + "': expected USER:RIGHT[,RIGHT...], "
                        + "e.g. bob@contoso.com:VIEW,PRINT");
            }
            String principal = s.substring(0, colon).trim();
            EnumSet<Right> rights = out.computeIfAbsent(principal, p -> EnumSet.noneOf(Right.class));
            for (String r : s.substring(colon + 1).split(",")) {
                try {
                    rights.add(Right.valueOf(r.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(cmd, "--grant '" + s + "': unknown right '" + r.trim()
                            + "'; rights are " + Arrays.stream(Right.values()).map(Right::name)
                                    .collect(Collectors.joining(" ")));
                }
            }
        }
        return out;
    }

    static Instant parseExpiry(CommandLine cmd, String value, Instant now) {
        Instant at;
        try {
            // A date means "usable through that day": expiry at the start of the next day, UTC.
            at = LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                at = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new ParameterException(cmd, "--expires '" + value + "': expected YYYY-MM-DD or an ISO-8601 "
                        + "instant such as 2027-01-31T17:00:00Z");
            }
        }
        if (!at.isAfter(now)) {
            throw new ParameterException(cmd, "--expires '" + value + "' is in the past");
        }
        return at;
    }

    /** The {@code --threads} value for {@link FileOptions}: 0 (one per processor) when not given. */
    static int threads(CommandLine cmd, Integer threads) {
        if (threads == null) {
            return FileOptions.DEFAULT_THREADS;
        }
        if (threads < 1 || threads > FileOptions.MAX_THREADS) {
            throw new ParameterException(cmd, "--threads must be between 1 and " + FileOptions.MAX_THREADS);
        }
        return threads;
    }

    static Path outputFor(Path file, Path output) {
        String name = file.getFileName() + RmsClient.PROTECTED_SUFFIX;
        if (output == null) {
            return file.resolveSibling(name);
        }
        return Files.isDirectory(output) ? output.resolve(name) : output;
    }
}
