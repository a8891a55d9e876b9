package org.rmsconnector.rmsctl;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.rmsctl.exit.ExitCodes;
import org.rmsconnector.simulators.ExchangeMailSimulation;
import org.rmsconnector.simulators.Mailbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rmsctl simulate exchange-mail}. */
@Command(name = "exchange-mail", mixinStandardHelpOptions = true,
        description = {"As an Exchange server: protects MESSAGE (an RFC 822 .eml) Do-Not-Forward for its To/Cc "
                + "recipients on behalf of its sender (From) into MESSAGE.rmsp, decrypts that in transport as "
                + "the Exchange server (super user) into NAME.decrypted.EXT and checks the bytes are identical.",
                "Do-Not-Forward grants each recipient VIEW, REPLY, REPLYALL, VIEWRIGHTSDATA. Then it "
                        + "pre-licenses the recipients, each for a fresh key pair of their own, and checks each "
                        + "license holds exactly those rights and decrypts the message with that key."})
final class ExchangeMailCommand implements Callable<Integer> {
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
        return r.ok() ? 0 : ExitCodes.FAILED;
    }

    static Map<String, Object> json(ExchangeMailSimulation.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("simulation", "exchange-mail");
        m.put("ok", r.ok());
        m.put("message", r.message().toString());
        m.put("owner", r.owner());
        m.put("recipients", r.recipients().stream().map(Mailbox::address).collect(Collectors.toList()));
        m.put("rights", SimulateCommand.rights(ExchangeMailSimulation.DO_NOT_FORWARD));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("output", r.protectedFile().toString());
        p.put("bytes", r.protection().plaintextBytes());
        p.put("protectedBytes", r.protection().protectedBytes());
        p.putAll(Output.info(r.protection().info(), Instant.now()));
        m.put("protected", p);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("output", r.decryptedFile().toString());
        t.put("bytes", r.transport().plaintextBytes());
        t.put("rights", SimulateCommand.rights(r.transport().rights()));
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
            one.put("rights", SimulateCommand.rights(l.rights()));
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
                + "  transport    decrypted as the Exchange server with " + SimulateCommand.rights(r.transport().rights())
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
                l.outcome()) ? SimulateCommand.rights(l.rights()) + (l.decrypts() ? " decrypts" : " does NOT decrypt")
                : "refused (" + l.code() + ")") + (l.message() != null ? ": " + l.message() : ""))
                .collect(Collectors.joining("; "));
    }
}
