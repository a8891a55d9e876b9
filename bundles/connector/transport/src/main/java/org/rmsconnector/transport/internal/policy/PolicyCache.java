package org.rmsconnector.transport.internal.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

import org.rmsconnector.channel.SignedPolicy;
import org.rmsconnector.commons.files.PrivateFiles;
import org.rmsconnector.protocol.ProtocolException;

/**
 * The last-known-good authorized-servers list on disk: {@value #FILE_NAME} in the credentials directory, the
 * compact JWS exactly as the cloud signed it, replaced atomically with every new version. It is read only at
 * start when the cloud cannot be reached, and only believed when it verifies with the pinned tenant key: a file
 * someone edited, or one signed by another tenant, is refused.
 *
 * <p>What it cannot stop: someone able to write the file can put back an older list this tenant really signed
 * (one that still names a removed entry). The cloud re-checks every entry on every call, so such a list can let a
 * removed server reach the connector, not obtain anything from the cloud.
 */
public final class PolicyCache {

    public static final String FILE_NAME = "policy.jws";

    private final Path file;

    public PolicyCache(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public void write(SignedPolicy policy) throws IOException {
        PrivateFiles.write(file, policy.compact().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The cached list, verified with {@code tenantKey}.
     *
     * @return empty when there is no cached list
     * @throws ProtocolException when the file does not verify: altered, signed by another key, or not a list
     */
    public Optional<SignedPolicy> read(RSAPublicKey tenantKey) throws IOException, ProtocolException {
        String compact;
        try {
            compact = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.MalformedInputException e) {
            compact = "";
        }
        return Optional.of(SignedPolicy.verify(compact, tenantKey));
    }
}
