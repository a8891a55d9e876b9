package org.rmsconnector.simulators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.UnprotectResult;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.Right;

/**
 * What an Exchange server does with one message, through the connector: protect it Do-Not-Forward for its
 * recipients on behalf of its sender, decrypt it in transport as the Exchange server (a super user) and check the
 * bytes came back unchanged, then pre-license the recipients and prove each license opens the message with that
 * recipient's own key.
 *
 * <p>Do-Not-Forward is sent as its grants (exactly {@link #DO_NOT_FORWARD} for each To/Cc recipient), because the
 * SDK cannot send the exchange adapter's {@code dnf} extension; the connector accepts both and the protected
 * message says the same.
 */
public final class ExchangeMailSimulation {

    /** The rights of a Do-Not-Forward recipient, as the exchange adapter grants them. */
    public static final Set<Right> DO_NOT_FORWARD = Collections.unmodifiableSet(
            EnumSet.of(Right.VIEW, Right.REPLY, Right.REPLYALL, Right.VIEWRIGHTSDATA));

    /**
     * The pre-license step.
     *
     * @param status     {@code ok} when every recipient got a license with the rights the rules give them that
     *                   decrypts the message; {@code failed} otherwise
     * @param recipients per recipient, in the order of the message's recipients (empty when the request as a
     *                   whole was refused)
     * @param code       when the request as a whole was refused: the code; else null
     * @param message    when the request as a whole was refused: why; else null
     */
    public record PreLicensing(String status, List<RecipientLicense> recipients, String code, String message) {

        /** Validates and freezes. */
        public PreLicensing {
            Objects.requireNonNull(status, "status");
            recipients = List.copyOf(recipients);
        }

        static PreLicensing of(List<RecipientLicense> recipients) {
            boolean ok = !recipients.isEmpty() && recipients.stream().allMatch(RecipientLicense::asRuled);
            return new PreLicensing(ok ? "ok" : "failed", recipients, null, null);
        }

        static PreLicensing failed(String code, String message) {
            return new PreLicensing("failed", List.of(), code, message);
        }

        /** Whether every recipient was pre-licensed as the rules say. */
        public boolean ok() {
            return "ok".equals(status);
        }
    }

    /**
     * One recipient's pre-license.
     *
     * @param identity          the recipient
     * @param outcome           {@code licensed} or {@code refused}
     * @param rights            the rights licensed (empty when refused)
     * @param licenseExpiresAt  when the license ends, or null when refused
     * @param decrypts          whether the recipient's private key unwrapped the content key and that decrypted
     *                          the message to its original bytes
     * @param code              the service's code of a refusal, else null
     * @param message           the service's message of a refusal, or what did not hold for a license; else null
     */
    public record RecipientLicense(String identity, String outcome, Set<Right> rights, Instant licenseExpiresAt,
            boolean decrypts, String code, String message) {

        /** Validates and freezes. */
        public RecipientLicense {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(outcome, "outcome");
            rights = rights.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(rights));
        }

        static RecipientLicense refused(String identity, String code, String message) {
            return new RecipientLicense(identity, "refused", Set.of(), null, false, code, message);
        }

        static RecipientLicense licensed(String identity, Set<Right> rights, Instant expiresAt, boolean decrypts,
                String problem) {
            return new RecipientLicense(identity, "licensed", rights, expiresAt, decrypts, null, problem);
        }

        /** Licensed with the rights the rules give, and the license decrypts the message. */
        public boolean asRuled() {
            return "licensed".equals(outcome) && decrypts && message == null;
        }
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
            PreLicensing preLicense) {

        /**
         * Whether the simulation did what Exchange needs: the message round-tripped unchanged and every recipient
         * was pre-licensed as the rules say.
         */
        public boolean ok() {
            return identical && preLicense.ok();
        }
    }

    private final RmsClient rms;
    private final Supplier<KeyPair> recipientKeys;

    /**
     * A simulation acting as the Exchange server {@code rms} is configured for; each recipient's mail client holds
     * a fresh RSA-3072 key pair.
     */
    public ExchangeMailSimulation(RmsClient rms) {
        this(rms, Keys::generateRsaKeyPair);
    }

    /** A simulation whose recipients' key pairs come from {@code recipientKeys} (one call per recipient). */
    public ExchangeMailSimulation(RmsClient rms, Supplier<KeyPair> recipientKeys) {
        this.rms = Objects.requireNonNull(rms, "rms");
        this.recipientKeys = Objects.requireNonNull(recipientKeys, "recipientKeys");
    }

    /**
     * Protects {@code message} into {@code outDir}/NAME.rmsp, transport-decrypts that into
     * {@code outDir}/NAME.decrypted.EXT and compares, then pre-licenses the recipients and checks their licenses.
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
        boolean identical = sameBytes(message, decrypted);
        PreLicensing preLicensing = new RecipientPreLicensing(rms, recipientKeys).run(protectedFile, message,
                recipients, protectFor);
        return new Result(message, protectFor, recipients, protectedFile, protection, decrypted, transport,
                identical, preLicensing);
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
