package org.rmsconnector.client.simulate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.UnprotectResult;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateSummary;

/**
 * An {@link RmsClient} without a service: "protection" is a marker line with a content id in front of the plain
 * bytes, the policies stay in memory. Enough to test what the simulators do with the SDK's answers. Its
 * {@link #openFor} is an {@link OnBehalfOpener} that grants a user what the policy grants them.
 */
final class InMemoryRmsClient implements RmsClient {

    static final String MARKER = "IN-MEMORY-RMS ";

    final String identity;
    final Map<String, ProtectOptions> published = new HashMap<>();
    final List<Path> protectedInputs = new ArrayList<>();
    /** A refusal for an input file, or null to protect it. */
    Function<Path, RmsClientException> refuse = p -> null;
    /** Whether unprotect hands back altered bytes. */
    boolean alterOnUnprotect;
    private int next;

    InMemoryRmsClient(String identity) {
        this.identity = identity;
    }

    @Override
    public ProtectResult protectFile(Path in, Path out, ProtectOptions options, FileOptions fileOptions)
            throws RmsClientException {
        RmsClientException refusal = refuse.apply(in);
        if (refusal != null) {
            throw refusal;
        }
        if (!fileOptions.overwrite() && Files.exists(out)) {
            throw new RmsClientException(RmsClientException.OUTPUT_EXISTS, out + " exists");
        }
        try {
            byte[] plain = Files.readAllBytes(in);
            if (new String(plain, StandardCharsets.ISO_8859_1).startsWith(MARKER)) {
                throw new RmsClientException(RmsClientException.ALREADY_PROTECTED, in + " is protected");
            }
            String cid = "cid-" + (++next);
            byte[] header = (MARKER + cid + "\n").getBytes(StandardCharsets.ISO_8859_1);
            try (OutputStream os = Files.newOutputStream(out)) {
                os.write(header);
                os.write(plain);
            }
            published.put(cid, options);
            protectedInputs.add(in);
            return new ProtectResult(info(cid, options), plain.length, header.length + plain.length);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, e.getMessage(), e);
        }
    }

    @Override
    public UnprotectResult unprotectFile(Path in, Path out, FileOptions fileOptions) throws RmsClientException {
        try (InputStream is = Files.newInputStream(in)) {
            String cid = readHeader(is);
            byte[] plain = is.readAllBytes();
            if (alterOnUnprotect && plain.length > 0) {
                plain[0] ^= 1;
            }
            Files.write(out, plain);
            return new UnprotectResult(info(cid, published.get(cid)), Set.of(Right.OWNER), Instant.now(),
                    plain.length);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, e.getMessage(), e);
        }
    }

    /** Opens with {@code user}'s rights under the stored policy; no rights is the service's per-item refusal. */
    ProtectedContent openFor(InputStream in, String user) throws RmsClientException {
        try {
            String cid = readHeader(in);
            ProtectOptions o = published.get(cid);
            Set<Right> rights = EnumSet.noneOf(Right.class);
            for (Grant g : ((Policy.AdHoc) o.policy()).grants()) {
                if (g.principal().equalsIgnoreCase(user)) {
                    rights.addAll(g.rights());
                }
            }
            if (rights.isEmpty()) {
                throw new RmsClientException("not_granted", user + " has no rights to " + cid);
            }
            ProtectionInfo info = info(cid, o);
            InputStream plain = new ByteArrayInputStream(in.readAllBytes());
            return new ProtectedContent() {
                @Override
                public ProtectionInfo info() {
                    return info;
                }

                @Override
                public Set<Right> rights() {
                    return rights;
                }

                @Override
                public Instant licenseExpiresAt() {
                    return Instant.now().plusSeconds(900);
                }

                @Override
                public InputStream stream() {
                    return plain;
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, e.getMessage(), e);
        }
    }

    private static String readHeader(InputStream in) throws IOException, RmsClientException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        if (!line.toString().startsWith(MARKER)) {
            throw new RmsClientException(RmsClientException.NOT_PROTECTED, "not protected");
        }
        return line.substring(MARKER.length());
    }

    private ProtectionInfo info(String cid, ProtectOptions o) {
        return new ProtectionInfo(cid, o.owner() != null ? o.owner() : identity, "tenant", o.policy(),
                Instant.now(), o.contentExpiry(), o.offlineDays(), "kid", 65536);
    }

    // ---- not used by the simulators

    @Override
    public ClientConfig config() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerInfo serverInfo() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<TemplateSummary> templates() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerCertificate certify() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProtectResult protect(InputStream plaintext, OutputStream out, ProtectOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UnprotectResult unprotect(InputStream protectedIn, OutputStream plainOut) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProtectedContent open(InputStream protectedIn) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProtectedContent open(InputStream protectedIn, String onBehalfOf) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProtectionInfo info(InputStream protectedIn) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        // nothing held
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static boolean same(Path a, Path b) throws IOException {
        return Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}
