package org.rmsconnector.simulators;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.rmsconnector.client.PreLicense;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
import org.rmsconnector.protectedfile.ProtectedFileReader;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Right;

/**
 * The pre-license step of the Exchange simulation: asks the service for a license per recipient, each for a key
 * pair made here as the recipient's mail client would hold it, and proves every license works as that client would
 * use it: unwraps the content key with the recipient's private key and decrypts the protected message with it,
 * byte for byte the original. A recipient must hold exactly the Do-Not-Forward rights (the message's owner, when
 * also a recipient, holds {@code OWNER}).
 */
final class RecipientPreLicensing {

    private static final int BUFFER = 64 * 1024;

    private final RmsClient rms;
    private final Supplier<KeyPair> recipientKeys;

    RecipientPreLicensing(RmsClient rms, Supplier<KeyPair> recipientKeys) {
        this.rms = Objects.requireNonNull(rms, "rms");
        this.recipientKeys = Objects.requireNonNull(recipientKeys, "recipientKeys");
    }

    /**
     * Pre-licenses {@code recipients} for {@code protectedFile} and checks each license against {@code message}.
     * A refusal of the request as a whole is a {@code failed} step; only an unavailable service ends the run.
     */
    ExchangeMailSimulation.PreLicensing run(Path protectedFile, Path message, List<Mailbox> recipients,
            String owner) throws RmsClientException {
        List<KeyPair> keys = new ArrayList<>();
        List<PreLicense.Recipient> asked = new ArrayList<>();
        for (Mailbox m : recipients) {
            KeyPair kp = recipientKeys.get();
            keys.add(kp);
            asked.add(new PreLicense.Recipient(m.address(), (RSAPublicKey) kp.getPublic()));
        }
        List<PreLicense> answers;
        try {
            answers = rms.preLicense(protectedFile, asked);
        } catch (RmsClientException e) {
            if (RmsClientException.SERVICE_UNAVAILABLE.equals(e.code())
                    || RmsClientException.CANCELLED.equals(e.code())) {
                throw e;
            }
            return ExchangeMailSimulation.PreLicensing.failed(e.code(), e.getMessage());
        }
        List<ExchangeMailSimulation.RecipientLicense> checked = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            checked.add(check(answers.get(i), keys.get(i), protectedFile, message, owner));
        }
        return ExchangeMailSimulation.PreLicensing.of(checked);
    }

    private static ExchangeMailSimulation.RecipientLicense check(PreLicense answer, KeyPair keyPair,
            Path protectedFile, Path message, String owner) throws RmsClientException {
        if (!(answer instanceof PreLicense.Granted granted)) {
            PreLicense.Refused refused = (PreLicense.Refused) answer;
            return ExchangeMailSimulation.RecipientLicense.refused(answer.identity(), refused.code(),
                    refused.message());
        }
        Set<Right> rights = granted.rights();
        Instant expires = granted.expiresAt();
        String decryptProblem = decryptProblem(granted, keyPair, protectedFile, message);
        String problem = decryptProblem != null ? decryptProblem : rightsProblem(answer.identity(), rights, owner);
        return ExchangeMailSimulation.RecipientLicense.licensed(answer.identity(), rights, expires,
                decryptProblem == null, problem);
    }

    private static String rightsProblem(String identity, Set<Right> rights, String owner) {
        if (identity.equalsIgnoreCase(owner)) {
            return rights.contains(Right.OWNER) ? null
                    : "the message's owner holds " + rights + " instead of OWNER";
        }
        return rights.equals(ExchangeMailSimulation.DO_NOT_FORWARD) ? null : "holds " + rights
                + ", not exactly the Do-Not-Forward rights " + ExchangeMailSimulation.DO_NOT_FORWARD;
    }

    /** Null when the recipient's key opens the message and gives back its bytes; else what went wrong. */
    private static String decryptProblem(PreLicense.Granted granted, KeyPair keyPair, Path protectedFile,
            Path message) throws RmsClientException {
        byte[] key;
        try {
            key = granted.license().unwrapContentKey(keyPair.getPrivate());
        } catch (ProtocolException e) {
            return "the recipient's private key does not unwrap the content key: " + e.getMessage();
        }
        try (InputStream in = Files.newInputStream(protectedFile);
                InputStream original = Files.newInputStream(message)) {
            ProtectedFileHeader header = ProtectedFileReader.readHeader(in);
            try (InputStream plain = new ProtectedFileReader(in, header, key)) {
                return sameContent(plain, original) ? null
                        : "the message decrypted with the recipient's key differs from the original";
            }
        } catch (ProtocolException e) {
            return "the content key of the license does not decrypt the message: " + e.getMessage();
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + protectedFile + " or " + message
                    + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static boolean sameContent(InputStream a, InputStream b) throws IOException {
        byte[] x = new byte[BUFFER];
        byte[] y = new byte[BUFFER];
        while (true) {
            int n = a.readNBytes(x, 0, BUFFER);
            int m = b.readNBytes(y, 0, BUFFER);
            if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) {
                return false;
            }
            if (n < BUFFER) {
                return true;
            }
        }
    }
}
