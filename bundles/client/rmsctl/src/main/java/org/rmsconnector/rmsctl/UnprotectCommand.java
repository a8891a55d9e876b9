package org.rmsconnector.rmsctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.UnprotectResult;
import org.rmsconnector.protocol.Right;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code rmsctl unprotect}: writes the plaintext of a protected file. */
@Command(name = "unprotect", mixinStandardHelpOptions = true,
        description = "Writes the plaintext of FILE.rmsp to FILE (or -o OUT). Needs the EXPORT or OWNER right. "
                + "The output appears only once the whole file has been verified.")
final class UnprotectCommand implements Callable<Integer> {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The protected file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output file, or an existing directory (default: FILE without .rmsp, beside it).")
    Path output;

    @Option(names = "--overwrite", description = "Replace the output if it exists.")
    boolean overwrite;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that decrypt the file's chunks at once, 1.."
            + FileOptions.MAX_THREADS + " (default: one per processor).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        Path out = outputFor(cmd, file, output);
        int threadCount = ProtectCommand.threads(cmd, threads);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(cmd,
                    Files.exists(file) ? file + " is not a regular file" : "no such file: " + file);
        }
        long size = Files.size(file);
        ConsoleProgress progress = root.interactive() && size > ConsoleProgress.THRESHOLD
                ? new ConsoleProgress(root.err(), "unprotecting " + file.getFileName()) : null;
        UnprotectResult result;
        try (RmsClient client = root.client(cmd, true)) {
            result = client.unprotectFile(file, out, new FileOptions(overwrite, progress, threadCount));
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
            m.put("rights", result.rights().stream().map(Right::name).sorted().collect(Collectors.toList()));
            m.put("licenseExpiresAt", String.valueOf(result.licenseExpiresAt()));
            m.putAll(Output.info(result.info(), Instant.now()));
            root.out().println(Output.json(m));
        } else {
            root.out().println("unprotected " + file + " -> " + out + " (" + result.plaintextBytes() + " bytes, owner "
                    + result.info().owner() + ")");
        }
        return 0;
    }

    static Path outputFor(CommandLine cmd, Path file, Path output) {
        String name = file.getFileName().toString();
        boolean suffixed = name.toLowerCase(Locale.ROOT).endsWith(RmsClient.PROTECTED_SUFFIX)
                && name.length() > RmsClient.PROTECTED_SUFFIX.length();
        String plain = suffixed ? name.substring(0, name.length() - RmsClient.PROTECTED_SUFFIX.length()) : null;
        if (output != null && !Files.isDirectory(output)) {
            return output;
        }
        if (plain == null) {
            throw new ParameterException(cmd, "cannot tell the output name for " + file + " (it does not end with "
                    + RmsClient.PROTECTED_SUFFIX + "); name it with -o OUT");
        }
        return output != null ? output.resolve(plain) : file.resolveSibling(plain);
    }
}
