package org.rmsconnector.simulators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;

/**
 * A classification pass of a file server (FCI with an RMS task), through the connector: every regular file under
 * a folder that a {@link ClassificationRule} selects is protected with a template into {@code NAME.rmsp} beside
 * it. The original stays as it is: the protected copy appears complete or not at all (the SDK's atomic output),
 * and an original is never replaced, so a failure at any point leaves the folder as it was plus finished copies.
 *
 * <p>Files the connector refuses as not Office documents are skipped with its message ({@code office_only}), as
 * are files already protected and files whose {@code .rmsp} exists (unless overwriting); any other failure is
 * reported for that file and the pass goes on. Symbolic links, {@code .rmsp} files and the SDK's partial files
 * ({@code .*.rms-partial}) are not looked at.
 */
public final class FciPass {

    /** The code the FCI connector refuses a non-Office document with. */
    public static final String OFFICE_ONLY = "office_only";

    /** What happened to one selected file. */
    public enum Status {
        /** Protected into its {@code .rmsp}. */
        PROTECTED,
        /** Selected, but not protected by the workload's rules or because it is done already. */
        SKIPPED,
        /** Selected, and protecting it failed. */
        FAILED
    }

    /**
     * One selected (or unreadable) file.
     *
     * @param file       the file, relative to the folder
     * @param status     what happened
     * @param output     the protected copy, relative to the folder, when protected
     * @param contentId  the protected copy's content id, when protected
     * @param code       why it was skipped or failed: {@value #OFFICE_ONLY}, an {@link RmsClientException} code
     * @param message    what happened, for people
     */
    public record FileResult(Path file, Status status, Path output, String contentId, String code, String message) {
    }

    /**
     * The pass.
     *
     * @param folder     the folder classified
     * @param template   the template protected with
     * @param rule       the rule, as text
     * @param scanned    regular files looked at
     * @param matched    files the rule selected
     * @param files      the selected files (and any that could not be read), in path order
     * @param elapsed    how long the pass took
     */
    public record Summary(Path folder, String template, String rule, int scanned, int matched,
            List<FileResult> files, Duration elapsed) {
        /** Freezes. */
        public Summary {
            files = List.copyOf(files);
        }

        /** Files with {@code status}. */
        public int count(Status status) {
            return (int) files.stream().filter(f -> f.status() == status).count();
        }
    }

    private final RmsClient rms;
    private final Clock clock;

    /** A pass acting as the file server {@code rms} is configured for. */
    public FciPass(RmsClient rms, Clock clock) {
        this.rms = Objects.requireNonNull(rms, "rms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Classifies {@code folder} (recursively) with {@code rule} and protects what it selects with {@code templateId}. */
    public Summary run(Path folder, String templateId, ClassificationRule rule, boolean overwrite)
            throws RmsClientException {
        Instant start = clock.instant();
        List<Path> candidates = candidates(folder);
        List<FileResult> results = new ArrayList<>();
        ProtectOptions options = ProtectOptions.template(templateId);
        FileOptions fo = FileOptions.DEFAULT.withOverwrite(overwrite);
        int matched = 0;
        for (Path file : candidates) {
            Path relative = folder.relativize(file);
            if (!rule.selectsName(relative)) {
                continue;
            }
            if (rule.needsContent()) {
                try {
                    if (!rule.selectsText(DocumentText.of(file).text())) {
                        continue;
                    }
                } catch (IOException e) {
                    results.add(new FileResult(relative, Status.FAILED, null, null, RmsClientException.IO,
                            "reading its text failed: " + e.getMessage()));
                    continue;
                }
            }
            matched++;
            results.add(protect(folder, relative, options, fo));
        }
        return new Summary(folder, templateId, rule.toString(), candidates.size(), matched, results,
                Duration.between(start, clock.instant()));
    }

    private FileResult protect(Path folder, Path relative, ProtectOptions options, FileOptions fo) {
        Path file = folder.resolve(relative);
        Path output = file.resolveSibling(file.getFileName() + RmsClient.PROTECTED_SUFFIX);
        if (!fo.overwrite() && Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            return new FileResult(relative, Status.SKIPPED, null, null, RmsClientException.OUTPUT_EXISTS,
                    "already protected into " + output.getFileName() + " by an earlier pass");
        }
        try {
            ProtectResult r = rms.protectFile(file, output, options, fo);
            return new FileResult(relative, Status.PROTECTED, folder.relativize(output), r.info().contentId(), null,
                    "protected into " + output.getFileName());
        } catch (RmsClientException e) {
            boolean skip = OFFICE_ONLY.equals(e.code()) || RmsClientException.ALREADY_PROTECTED.equals(e.code())
                    || RmsClientException.OUTPUT_EXISTS.equals(e.code());
            return new FileResult(relative, skip ? Status.SKIPPED : Status.FAILED, null, null, e.code(),
                    e.getMessage());
        }
    }

    /** Regular files under {@code folder}, in path order, without links, protected copies and partial files. */
    static List<Path> candidates(Path folder) throws RmsClientException {
        if (!Files.isDirectory(folder)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, folder
                    + (Files.exists(folder) ? " is not a folder" : " does not exist"));
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return !name.endsWith(RmsClient.PROTECTED_SUFFIX)
                                && !(name.startsWith(".") && name.endsWith(".rms-partial"));
                    })
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
