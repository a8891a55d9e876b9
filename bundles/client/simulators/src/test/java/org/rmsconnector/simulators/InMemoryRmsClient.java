package org.rmsconnector.simulators;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
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
import org.rmsconnector.client.FakeCloud;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.PreLicense;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.UnprotectResult;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
import org.rmsconnector.protectedfile.ProtectedFileReader;
import org.rmsconnector.protectedfile.ProtectedFileWriter;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateSummary;
import org.rmsconnector.protocol.UseLicense;

/**
 * An {@link RmsClient} without a service: it protects into real protected files (a publishing license signed with
 * the fake tenant key, the content encrypted with {@link ProtectedFileWriter}), keeps the policies in memory and
 * evaluates them itself. Enough to test what the simulators do with the SDK's answers. Its {@link #openFor} is an
 * {@link OnBehalfOpener} that grants a user what the policy grants them; {@link #preLicense} issues real use
 * licenses to the recipients' keys.
 */
final class InMemoryRmsClient implements RmsClient {

    final String identity;
    final Map<String, ProtectOptions> published = new HashMap<>();
    final List<Path> protectedInputs = new ArrayList<>();
    /** A refusal for an input file, or null to protect it. */
    Function<Path, RmsClientException> refuse = p -> null;
    /** Whether unprotect hands back altered bytes. */
    boolean alterOnUnprotect;
    /** A refusal of every pre-license request as a whole, or null to answer it. */
    RmsClientException refusePreLicense;
    /** Recipients every pre-license request refuses ({@code not_granted}) whatever the policy says. */
    Set<String> preLicenseDenied = Set.of();
    /** Rights every pre-license grants beyond the policy's, as a service with a wrong policy would. */
    Set<Right> extraPreLicenseRights = Set.of();
    /** Whether pre-licenses wrap the content key to a key other than the recipient's. */
    boolean preLicenseToOtherKey;
    /** The recipients of each pre-license request, in order. */
    final List<List<PreLicense.Recipient>> preLicenseRequests = new ArrayList<>();

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
        byte[] key = ContentKeys.generate();
        try {
            byte[] plain = Files.readAllBytes(in);
            if (plain.length >= MAGIC.length && Arrays.equals(plain, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new RmsClientException(RmsClientException.ALREADY_PROTECTED, in + " is protected");
            }
            String owner = options.owner() != null ? options.owner() : identity;
            PublishingLicense pl = PublishingLicense.sign(PublishingLicense.Draft.create(owner, options.policy(),
                    options.contentExpiry(), options.offlineDays(), key, FakeCloud.tenantPublic()),
                    FakeCloud.TENANT_ID, Instant.now(), FakeCloud.TENANT.getPrivate(), FakeCloud.tenantKid());
            try (OutputStream os = Files.newOutputStream(out);
                    ProtectedFileWriter writer = new ProtectedFileWriter(os, pl.compact(), key)) {
                writer.write(plain);
                writer.finish();
            }
            published.put(pl.contentId(), options);
            protectedInputs.add(in);
            return new ProtectResult(info(pl), plain.length, Files.size(out));
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public UnprotectResult unprotectFile(Path in, Path out, FileOptions fileOptions) throws RmsClientException {
        try (InputStream is = Files.newInputStream(in)) {
            ProtectedFileHeader header = header(is);
            PublishingLicense pl = license(header);
            byte[] plain = decrypt(is, header, pl);
            if (alterOnUnprotect && plain.length > 0) {
                plain[0] ^= 1;
            }
            Files.write(out, plain);
            return new UnprotectResult(info(pl), Set.of(Right.OWNER), Instant.now(), plain.length);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, e.getMessage(), e);
        }
    }

    /** Opens with {@code user}'s rights under the stored policy; no rights is the service's per-item refusal. */
    ProtectedContent openFor(InputStream in, String user) throws RmsClientException {
        try {
            ProtectedFileHeader header = header(in);
            PublishingLicense pl = license(header);
            Set<Right> rights = rightsOf(pl, user);
            if (rights.isEmpty()) {
                throw new RmsClientException("not_granted", user + " has no rights to " + pl.contentId());
            }
            ProtectionInfo info = info(pl);
            InputStream plain = new ByteArrayInputStream(decrypt(in, header, pl));
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

    /** As the service would: each recipient licensed on their own rights, to their own key, or refused. */
    @Override
    public List<PreLicense> preLicense(InputStream protectedIn, List<PreLicense.Recipient> recipients)
            throws RmsClientException {
        preLicenseRequests.add(List.copyOf(recipients));
        if (refusePreLicense != null) {
            throw refusePreLicense;
        }
        try {
            PublishingLicense pl = license(header(protectedIn));
            List<PreLicense> out = new ArrayList<>();
            for (PreLicense.Recipient r : recipients) {
                Set<Right> rights = rightsOf(pl, r.identity());
                if (rights.isEmpty() || preLicenseDenied.contains(r.identity())) {
                    out.add(new PreLicense.Refused(r, "not_granted", r.identity() + " has no rights to "
                            + pl.contentId()));
                    continue;
                }
                rights.addAll(extraPreLicenseRights);
                RSAPublicKey to = preLicenseToOtherKey ? FakeCloud.tenantPublic() : r.publicKey();
                byte[] key = pl.unwrapContentKey(FakeCloud.TENANT.getPrivate());
                try {
                    Instant now = Instant.now();
                    out.add(new PreLicense.Granted(r, UseLicense.issue(new UseLicense.Terms(FakeCloud.TENANT_ID,
                            pl.contentId(), r.identity(), null, rights, now, now.plusSeconds(3600)), key, to,
                            FakeCloud.TENANT.getPrivate(), FakeCloud.tenantKid())));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
            return out;
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, e.getMessage(), e);
        }
    }

    private Set<Right> rightsOf(PublishingLicense pl, String user) {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        if (pl.owner().equalsIgnoreCase(user)) {
            rights.add(Right.OWNER);
        }
        if (published.get(pl.contentId()).policy() instanceof Policy.AdHoc adHoc) {
            for (Grant g : adHoc.grants()) {
                if (g.principal().equalsIgnoreCase(user)) {
                    rights.addAll(g.rights());
                }
            }
        }
        return rights;
    }

    private static ProtectedFileHeader header(InputStream in) throws IOException, RmsClientException {
        try {
            return ProtectedFileReader.readHeader(in);
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.NOT_PROTECTED, "not protected: " + e.getMessage(), e);
        }
    }

    private static PublishingLicense license(ProtectedFileHeader header) throws ProtocolException {
        return PublishingLicense.verify(header.publishingLicense(), FakeCloud.tenantPublic());
    }

    private static byte[] decrypt(InputStream in, ProtectedFileHeader header, PublishingLicense pl)
            throws IOException {
        byte[] key = pl.unwrapContentKey(FakeCloud.TENANT.getPrivate());
        try {
            return new ProtectedFileReader(in, header, key).readAllBytes();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private ProtectionInfo info(PublishingLicense pl) {
        return new ProtectionInfo(pl.contentId(), pl.owner(), pl.issuer(), pl.policy(), pl.createdAt(),
                pl.notAfter(), pl.offlineDays(), pl.tenantKid(), ProtectedFileHeader.DEFAULT_CHUNK_SIZE);
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
    public org.rmsconnector.client.ContentTracking track(String contentId) {
        throw new UnsupportedOperationException("the simulators do not track content");
    }

    @Override
    public org.rmsconnector.client.ContentTracking.Revocation revoke(String contentId, boolean allowSuperUsers) {
        throw new UnsupportedOperationException("the simulators do not revoke content");
    }

    @Override
    public void reinstate(String contentId) {
        throw new UnsupportedOperationException("the simulators do not revoke content");
    }

    @Override
    public void close() {
        // nothing held
    }

    private static final byte[] MAGIC = ProtectedFileHeader.MAGIC;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static boolean same(Path a, Path b) throws IOException {
        return Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}
