package org.rmsconnector.rmsctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rmsctl info}: shows a protected file's header without a key or the network. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Shows who owns a protected file and how it is protected. Reads the header only: no "
                + "network, no credentials, nothing decrypted.")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    Rmsctl root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The protected file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        ProtectionInfo info;
        try (RmsClient client = root.client(spec.commandLine(), false);
                InputStream in = Files.newInputStream(file)) {
            info = client.info(in);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        if (root.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.putAll(Output.info(info, now));
            root.out().println(Output.json(m));
        } else {
            root.out().println(Output.infoText(file, info, now));
        }
        return 0;
    }
}
