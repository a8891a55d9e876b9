package org.rmsconnector.client.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.UnprotectResult;
import org.rmsconnector.protocol.Right;

/**
 * What an Exchange server does with one message, through the connector: protect it Do-Not-Forward for its
 * recipients on behalf of its sender, then decrypt it in transport as the Exchange server (a super user) and check
 * the bytes came back unchanged.
 *
 * <p>Do-Not-Forward is sent as its grants (exactly {@link #DO_NOT_FORWARD} for each To/Cc recipient), because the
 * SDK cannot send the exchange adapter's {@code dnf} extension; the connector accepts both and the protected
 * message says the same. Pre-licensing the recipients needs an SDK call that does not exist yet
 * ({@link PreLicense#UNSUPPORTED}).
 */
public final class ExchangeMailSimulation {

    /** The rights of a Do-Not-Forward recipient, as the exchange adapter grants them. */
    public static final Set<Right> DO_NOT_FORWARD = Collections.unmodifiableSet(
            EnumSet.of(Right.VIEW, Right.REPLY, Right.REPLYALL, Right.VIEWRIGHTSDATA));

    /**
     * Where the pre-license step stands.
     *
     * @param status  {@code unsupported} (the only one until the SDK can ask for pre-licenses)
     * @param reason  why, for the report
     */
    public record PreLicense(String status, String reason) {
        /** The SDK has no pre-license call. */
        public static final PreLicense UNSUPPORTED = new PreLicense("unsupported", "the client SDK has no "
                + "pre-license call (AcquirePreLicenseRequest, POST /_wmcs/licensing/prelicense.asmx); the "
                + "recipients acquire their own licenses");
    }

    /**
     * The outcome.
     *
     * @param message         the message file
     * @param owner           whom it was protected for (the sender, unless told otherwise)
     * @param recipients      the To/Cc recipients granted {@link #DO_NOT_FORWARD}
     * @param protectedFile   the protected message
     * @param protection      what the protection step returned
     * @param decryptedFile   the message as transport decryption wrote it
     * @param transport       what the transport decryption returned (its rights: the super user's)
     * @param identical       whether the decrypted bytes equal the original's
     * @param preLicense      the pre-license step
     */
    public record Result(Path message, String owner, List<Mailbox> recipients, Path protectedFile,
            ProtectResult protection, Path decryptedFile, UnprotectResult transport, boolean identical,
            PreLicense preLicense) {

        /** Whether the simulation did what Exchange needs: the message round-tripped unchanged. */
        public boolean ok() {
            return identical;
        }
    }

    private final RmsClient rms;

    /** A simulation acting as the Exchange server {@code rms} is configured for. */
    public ExchangeMailSimulation(RmsClient rms) {
        this.rms = Objects.requireNonNull(rms, "rms");
    }

    /**
     * Protects {@code message} into {@code outDir}/NAME.rmsp, then transport-decrypts that into
     * {@code outDir}/NAME.decrypted.EXT and compares.
     *
     * @param owner      the owner to protect for, or null for the message's sender ({@code From})
     * @param overwrite  replace outputs of an earlier run
     */
    public Result run(Path message, Path outDir, String owner, boolean overwrite) throws RmsClientException {
        MailHeaders headers = headers(message);
        List<Mailbox> recipients;
        String protectFor = owner;
        try {
            recipients = headers.recipients();
            if (protectFor == null) {
                protectFor = headers.sender().map(Mailbox::address).orElse(null);
            }
        } catch (MailFormatException e) {
            throw badMessage(message, e.getMessage());
        }
        if (recipients.isEmpty()) {
            throw badMessage(message, "it has no To or Cc recipients to protect it for");
        }
        if (protectFor == null) {
            throw badMessage(message, "it has no From to protect it on behalf of; name the owner with --owner");
        }
        Map<String, Set<Right>> grants = new LinkedHashMap<>();
        for (Mailbox m : recipients) {
            grants.put(m.address(), DO_NOT_FORWARD);
        }
        Path dir = outDir != null ? Names.outputFolder(outDir) : Names.folderOf(message);
        Path protectedFile = dir.resolve(message.getFileName() + RmsClient.PROTECTED_SUFFIX);
        Path decrypted = dir.resolve(Names.withInfix(message, "decrypted"));
        FileOptions fo = FileOptions.DEFAULT.withOverwrite(overwrite);
        ProtectResult protection = rms.protectFile(message, protectedFile,
                ProtectOptions.grants(grants).withOwner(protectFor), fo);
        UnprotectResult transport = rms.unprotectFile(protectedFile, decrypted, fo);
        return new Result(message, protectFor, recipients, protectedFile, protection, decrypted, transport,
                sameBytes(message, decrypted), PreLicense.UNSUPPORTED);
    }

    private static MailHeaders headers(Path message) throws RmsClientException {
        if (!Files.isRegularFile(message)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the message " + message
                    + (Files.exists(message) ? " is not a regular file" : " does not exist"));
        }
        try {
            return MailHeaders.read(message);
        } catch (MailFormatException e) {
            throw badMessage(message, e.getMessage());
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + message + ": " + e.getMessage(), e);
        }
    }

    private static RmsClientException badMessage(Path message, String why) {
        return new RmsClientException(RmsClientException.BAD_ARGUMENT, message + " is not a usable RFC 822 "
                + "message: " + why);
    }

    static boolean sameBytes(Path a, Path b) throws RmsClientException {
        try {
            return Files.mismatch(a, b) == -1L;
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot compare " + a + " with " + b + ": "
                    + e.getMessage(), e);
        }
    }
}
