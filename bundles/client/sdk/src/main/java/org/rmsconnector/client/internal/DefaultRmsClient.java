package org.rmsconnector.client.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.PreLicense;
import org.rmsconnector.client.Progress;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.UnprotectResult;
import org.rmsconnector.client.internal.files.AtomicFileOutput;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.ProtectedFileHeader;
import org.rmsconnector.protocol.ProtectedFileReader;
import org.rmsconnector.protocol.ProtectedFileWriter;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishResponse;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateSummary;
import org.rmsconnector.protocol.UseLicense;

/** The {@link RmsClient}: protocol steps on top of a {@link CloudApi} and a {@link HolderKeyStore}. */
public final class DefaultRmsClient implements RmsClient {

    private static final int BUFFER = 64 * 1024;
    // Service answers about our certificate (not about the content) that a fresh certificate can cure.
    private static final Set<String> CERTIFICATE_PROBLEMS = Set.of(Reason.EXPIRED.name(), Reason.NOT_YET_VALID.name(),
            Reason.BAD_SIGNATURE.name(), Reason.WRONG_KEY.name());

    private final ClientConfig config;
    private final HolderKeyStore store;
    private final Clock clock;
    private final CloudApi injectedApi;
    private final Object lock = new Object();
    private Endpoint endpoint;
    private volatile Certified certified;

    /** The service's HTTP API, built on first use from {@code config}. */
    public DefaultRmsClient(ClientConfig config) {
        this(config, null, Clock.systemUTC());
    }

    /** A client over {@code api} (null: HTTP per {@code config}), reading time from {@code clock}. */
    public DefaultRmsClient(ClientConfig config, CloudApi api, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = new HolderKeyStore(config.home());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.injectedApi = api;
    }

    // Who we are at the service: how to reach it, the name our certificate is cached under, what to ask for.
    private record Endpoint(CloudApi api, String identityKey, String certifyAs) {
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- service calls

    @Override
    public ServerInfo serverInfo() throws RmsClientException {
        return endpoint().api().serverInfo();
    }

    @Override
    public List<TemplateSummary> templates() throws RmsClientException {
        requireIdentity("list templates");
        return endpoint().api().templates().templates();
    }

    @Override
    public ServerCertificate certify() throws RmsClientException {
        return certified(false).certificate();
    }

    private Certified certified(boolean renew) throws RmsClientException {
        Certified c = certified;
        Instant now = clock.instant();
        if (!renew && c != null && c.freshAt(now)) {
            return c;
        }
        synchronized (lock) {
            c = certified;
            if (!renew && c != null && c.freshAt(now)) {
                return c;
            }
            requireIdentity("obtain a server certificate");
            Endpoint ep = endpoint();
            KeyPair holder = store.holderKey();
            String cacheKey = HolderKeyStore.cacheKey(config.serviceUrl().toString(), ep.identityKey());
            if (!renew) {
                CertifyResponse cached = store.cachedCertificate(cacheKey).orElse(null);
                c = cached == null ? null : usable(cached, holder, now, true);
            } else {
                c = null;
            }
            if (c == null) {
                CertifyResponse fresh = ep.api().certify(new CertifyRequest(PublicJwk.of(publicKey(holder)),
                        ep.certifyAs()));
                c = usable(fresh, holder, now, false);
                if (c == null) {
                    throw new RmsClientException(RmsClientException.BAD_RESPONSE, "the service issued a server "
                            + "certificate that is not valid for this client's key now; check this computer's clock");
                }
                store.storeCertificate(cacheKey, fresh);
            }
            certified = c;
            return c;
        }
    }

    /**
     * A verified certificate for our key, or null (expired, for another key). A cached one must
     * also stay valid a while ({@link Certified#RENEW_BEFORE}); a fresh one need only be valid,
     * whatever lifetime the service chose.
     */
    private static Certified usable(CertifyResponse r, KeyPair holder, Instant now, boolean cached)
            throws RmsClientException {
        ServerCertificate cert;
        try {
            cert = ServerCertificate.verify(r.certificate(), r.tenantKey().publicKey(), now);
        } catch (ProtocolException e) {
            if (e.reason() == Reason.EXPIRED || e.reason() == Reason.NOT_YET_VALID) {
                return null;
            }
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "the server certificate does not verify with the tenant key sent with it: " + e.getMessage(), e);
        }
        if (!cert.publicKey().equals(PublicJwk.of(publicKey(holder)))) {
            return null;
        }
        Certified c = new Certified(holder, cert, r.licensorChain());
        return !cached || c.freshAt(now) ? c : null;
    }

    private static RSAPublicKey publicKey(KeyPair kp) {
        return (RSAPublicKey) kp.getPublic();
    }

    private Endpoint endpoint() throws RmsClientException {
        synchronized (lock) {
            if (endpoint == null) {
                boolean certificate = config.identity().orElse(null) instanceof ClientConfig.ClientCertificate;
                Tls tls = injectedApi == null || certificate ? Tls.of(config) : null;
                CloudApi api = injectedApi != null ? injectedApi : new HttpCloudApi(config, tls);
                String identityKey;
                String certifyAs;
                if (config.identity().orElse(null) instanceof ClientConfig.User u) {
                    identityKey = "user:" + u.upn().toLowerCase(Locale.ROOT);
                    certifyAs = u.upn();
                } else if (tls != null && tls.clientCertificate() != null) {
                    identityKey = "cert:" + tls.clientFingerprint().orElseThrow();
                    certifyAs = serverAccount(tls.clientCommonName().orElseThrow());
                } else {
                    identityKey = "anonymous";
                    certifyAs = null;
                }
                endpoint = new Endpoint(api, identityKey, config.certifyAs().orElse(certifyAs));
            }
            return endpoint;
        }
    }

    // A refusal of the request as a whole that a fresh certificate (and tenant key) can cure.
    private static boolean certificateProblem(RmsClientException e) {
        return e.httpStatus() / 100 == 4 && CERTIFICATE_PROBLEMS.contains(e.code());
    }

    private void requireIdentity(String what) throws RmsClientException {
        if (config.identity().isEmpty()) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                    "an identity is needed to " + what
                            + ": configure a user (UPN and password) or a client certificate");
        }
    }

    // ---------------------------------------------------------------- protect

    @Override
    public ProtectResult protect(InputStream plaintext, OutputStream out, ProtectOptions options)
            throws RmsClientException {
        return protect(plaintext, out, options, null, -1, java.util.Map.of());
    }

    private ProtectResult protect(InputStream plaintext, OutputStream out, ProtectOptions options, Progress progress,
            long total, java.util.Map<String, Object> extensions) throws RmsClientException {
        return protectWith(plaintext, out, options, progress, total, extensions);
    }

    private ProtectResult protectWith(InputStream plaintext, OutputStream out, ProtectOptions options, Progress progress,
            long total, java.util.Map<String, Object> extensions) throws RmsClientException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        if (options.contentExpiry() != null && !options.contentExpiry().isAfter(clock.instant())) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                    "the content expiry " + options.contentExpiry() + " is not in the future");
        }
        Certified c = certified(false);
        byte[] key = ContentKeys.generate();
        try {
            PublishingLicense.Draft draft = draft(options, c, key);
            PublishResponse published;
            try {
                published = endpoint().api().publish(new PublishRequest(draft), extensions);
            } catch (RmsClientException e) {
                if (!certificateProblem(e)) {
                    throw e;
                }
                // What this client holds is stale (the tenant key rolled over, or this home met another tenant
                // before): once more, with a fresh certificate and the tenant key it names. Nothing was written.
                c = certified(true);
                draft = draft(options, c, key);
                published = endpoint().api().publish(new PublishRequest(draft), extensions);
            }
            PublishingLicense pl = checkPublished(published.publishingLicense(), draft, c);
            CountingOutputStream counted = new CountingOutputStream(out);
            ProtectedFileWriter writer;
            try {
                writer = new ProtectedFileWriter(counted, pl.compact(), key);
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot write the output: " + e.getMessage(), e);
            }
            long n = copy(plaintext, writer, progress, total, null, false);
            try {
                writer.finish();
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot write the output: " + e.getMessage(), e);
            }
            return new ProtectResult(info(pl, writer.header().chunkSize()), n, counted.count);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static PublishingLicense.Draft draft(ProtectOptions options, Certified c, byte[] key)
            throws RmsClientException {
        String owner = options.owner() != null ? options.owner() : c.certificate().subject();
        try {
            return PublishingLicense.Draft.create(owner, options.policy(), options.contentExpiry(),
                    options.offlineDays(), key, c.currentTenantKey());
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "cannot wrap the content key to the tenant key: " + e.getMessage(), e);
        }
    }

    // The license must be the tenant's signature over what we asked for: a wrong one would make unreadable files.
    private PublishingLicense checkPublished(String compact, PublishingLicense.Draft draft, Certified c)
            throws RmsClientException {
        try {
            String kid = PublishingLicense.parseUnverified(compact).tenantKid();
            RSAPublicKey tenant = c.tenantKey(kid).orElseThrow(() -> new ProtocolException(Reason.WRONG_KEY,
                    "signed by key " + kid + ", which is not in the licensor chain"));
            PublishingLicense pl = PublishingLicense.verify(compact, tenant);
            if (!pl.contentId().equals(draft.contentId()) || !pl.owner().equals(draft.owner())
                    || !pl.wrappedContentKey().equals(draft.wrappedContentKey())) {
                throw new ProtocolException(Reason.BINDING_MISMATCH, "it is not the license of the content published");
            }
            return pl;
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "the service returned a publishing license this client cannot accept: " + e.getMessage(), e);
        }
    }

    @Override
    public ProtectResult protectFile(Path in, Path out, ProtectOptions options, FileOptions fileOptions)
            throws RmsClientException {
        FileOptions fo = fileOptions == null ? FileOptions.DEFAULT : fileOptions;
        Path source = checkInput(in);
        Path target = checkOutput(source, out, fo.overwrite());
        if (startsWithMagic(source)) {
            throw new RmsClientException(RmsClientException.ALREADY_PROTECTED,
                    source + " is already a protected file; unprotect it first if you mean to change its protection");
        }
        long total = size(source);
        return AtomicFileOutput.write(target, fo.overwrite(), os -> {
            try (InputStream is = Files.newInputStream(source)) {
                return protect(is, os, options, fo.progress(), total, fileDeclaration(source));
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot read " + source + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * What the workload needs to know of the file: an FCI server declares the document (name, first bytes, OOXML part
     * names) so the connector can refuse what is not an Office document without ever seeing the content.
     */
    private java.util.Map<String, Object> fileDeclaration(Path source) throws RmsClientException {
        if (!"fci".equals(config.workload().orElse(null))) {
            return java.util.Map.of();
        }
        try {
            return java.util.Map.of("document", DocumentDeclaration.of(source));
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The account a server's certificate stands for, as the connector's authorization maps it by default: a host
     * name ({@code exch01.contoso.com}) is the computer account {@code EXCH01$}; anything else is taken as is. A
     * different mapping is named with {@code certifyAs}.
     */
    static String serverAccount(String commonName) {
        String cn = commonName.strip();
        if (cn.contains("@") || cn.contains(" ") || cn.contains("\\")) {
            return cn;
        }
        String label = cn.contains(".") ? cn.substring(0, cn.indexOf('.')) : cn;
        if (label.isEmpty() || !label.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
            return cn;
        }
        return label.toUpperCase(Locale.ROOT) + "$";
    }

    // ---------------------------------------------------------------- unprotect

    @Override
    public UnprotectResult unprotect(InputStream protectedIn, OutputStream plainOut) throws RmsClientException {
        Objects.requireNonNull(plainOut, "plainOut");
        Opened o = open(protectedIn, Right.EXPORT);
        long n = copy(o.reader(), plainOut, null, -1, null, true);
        return new UnprotectResult(o.info(), o.license().rights(), o.license().expiresAt(), n);
    }

    @Override
    public ProtectedContent open(InputStream protectedIn) throws RmsClientException {
        return open(protectedIn, (String) null);
    }

    @Override
    public ProtectedContent open(InputStream protectedIn, String onBehalfOf) throws RmsClientException {
        if (onBehalfOf != null && onBehalfOf.isBlank()) {
            throw new IllegalArgumentException("onBehalfOf: a user's UPN, or null");
        }
        Opened o = open(protectedIn, Right.VIEW, onBehalfOf);
        return new OpenedContent(o.info(), o.license().rights(), o.license().expiresAt(), o.reader());
    }

    @Override
    public UnprotectResult unprotectFile(Path in, Path out, FileOptions fileOptions) throws RmsClientException {
        FileOptions fo = fileOptions == null ? FileOptions.DEFAULT : fileOptions;
        Path source = checkInput(in);
        Path target = checkOutput(source, out, fo.overwrite());
        long total = size(source);
        try (CountingInputStream is = new CountingInputStream(Files.newInputStream(source))) {
            Opened o = open(is, Right.EXPORT);
            return AtomicFileOutput.write(target, fo.overwrite(), os -> {
                long n = copy(o.reader(), os, fo.progress(), total, is, true);
                return new UnprotectResult(o.info(), o.license().rights(), o.license().expiresAt(), n);
            });
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private record Opened(ProtectionInfo info, UseLicense license, ProtectedFileReader reader) {
    }

    private Opened open(InputStream in, Right required) throws RmsClientException {
        return open(in, required, null);
    }

    private Opened open(InputStream in, Right required, String onBehalfOf) throws RmsClientException {
        Objects.requireNonNull(in, "protectedIn");
        ProtectedFileHeader header = readHeader(in);
        PublishingLicense pl = parseLicense(header);
        ProtectionInfo info = info(pl, header.chunkSize());
        Certified c = certified(false);
        UseLicense ul;
        try {
            ul = acquire(pl, c, onBehalfOf);
        } catch (RmsClientException e) {
            if (!certificateProblem(e)) {
                throw e;
            }
            // The service no longer takes our certificate (tenant key rolled over, clock, revocation):
            // once more, with a fresh one.
            c = certified(true);
            ul = acquire(pl, c, onBehalfOf);
        }
        if (!ul.allows(required)) {
            String who = onBehalfOf == null ? c.certificate().subject() : onBehalfOf;
            String needed = required == Right.EXPORT
                    ? "removing protection needs EXPORT or OWNER" : "opening it needs " + required + " or OWNER";
            throw new RmsClientException(RmsClientException.ACCESS_DENIED, who + " may only " + ul.rights() + " content " + pl.contentId() + " of " + pl.owner() + ", and "
                    + needed + ". Ask the owner for more rights");
        }
        byte[] key;
        try {
            key = ul.unwrapContentKey(c.holder().getPrivate());
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "the content key in the use license cannot be unwrapped with this client's key: " + e.getMessage(),
                    e);
        }
        try {
            return new Opened(info, ul, new ProtectedFileReader(in, header, key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private UseLicense acquire(PublishingLicense pl, Certified c, String onBehalfOf) throws RmsClientException {
        AcquireLicenseResponse response = endpoint().api().acquireLicense(new AcquireLicenseRequest(
                c.certificate().compact(), List.of(new AcquireLicenseRequest.Item(pl.compact(), onBehalfOf))));
        LicenseResult result = response.results().stream().filter(r -> r.index() == 0).findFirst()
                .orElseThrow(() -> new RmsClientException(RmsClientException.BAD_RESPONSE,
                        "the service answered the license request without a result for it"));
        if (!result.isSuccess()) {
            String code = result.error().code();
            throw new RmsClientException(code, "no use license for content " + pl.contentId() + " of " + pl.owner()
                    + " (" + code + "): " + result.error().message() + ". " + licenseHint(code));
        }
        try {
            String kid = UseLicense.parseUnverified(result.useLicense()).tenantKid();
            RSAPublicKey tenant = c.tenantKey(kid).orElseThrow(() -> new ProtocolException(Reason.WRONG_KEY,
                    "signed by key " + kid + ", which is not in the licensor chain"));
            UseLicense ul = UseLicense.verify(result.useLicense(), tenant, clock.instant());
            if (!ul.contentId().equals(pl.contentId()) || !ul.holder().equals(c.certificate().subject())) {
                throw new ProtocolException(Reason.BINDING_MISMATCH, "it is for content " + ul.contentId() + " and "
                        + ul.holder() + ", not for " + pl.contentId() + " and " + c.certificate().subject());
            }
            return ul;
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "the service returned a use license this client cannot accept: " + e.getMessage(), e);
        }
    }

    private static String licenseHint(String code) {
        return switch (code) {
            case RmsClientException.ACCESS_DENIED -> "Ask the owner for rights to it";
            case "EXPIRED" -> "The content has expired; ask the owner for a new copy";
            default -> "Give the content id to an administrator if this is unexpected";
        };
    }

    // ---------------------------------------------------------------- pre-license

    @Override
    public List<PreLicense> preLicense(InputStream protectedIn, List<PreLicense.Recipient> recipients)
            throws RmsClientException {
        Objects.requireNonNull(protectedIn, "protectedIn");
        List<PreLicense.Recipient> all = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        if (all.isEmpty()) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                    "name at least one recipient to pre-license the content for");
        }
        PublishingLicense pl = parseLicense(readHeader(protectedIn));
        Certified c = certified(false);
        List<PreLicense> out = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += AcquirePreLicenseRequest.MAX_RECIPIENTS) {
            List<PreLicense.Recipient> batch = all.subList(from,
                    Math.min(all.size(), from + AcquirePreLicenseRequest.MAX_RECIPIENTS));
            AcquirePreLicenseResponse response;
            try {
                response = preLicense(pl, c, batch);
            } catch (RmsClientException e) {
                if (!certificateProblem(e)) {
                    throw e;
                }
                // As for licensing: the service no longer takes our certificate; once more, with a fresh one.
                c = certified(true);
                response = preLicense(pl, c, batch);
            }
            for (int i = 0; i < batch.size(); i++) {
                out.add(checked(pl, c, batch.get(i), resultAt(response, i, batch.size())));
            }
        }
        return out;
    }

    private AcquirePreLicenseResponse preLicense(PublishingLicense pl, Certified c, List<PreLicense.Recipient> batch)
            throws RmsClientException {
        List<AcquirePreLicenseRequest.Recipient> wire = new ArrayList<>(batch.size());
        for (PreLicense.Recipient r : batch) {
            wire.add(new AcquirePreLicenseRequest.Recipient(r.identity(), PublicJwk.of(r.publicKey())));
        }
        return endpoint().api().acquirePreLicense(new AcquirePreLicenseRequest(c.certificate().compact(),
                pl.compact(), wire));
    }

    private static LicenseResult resultAt(AcquirePreLicenseResponse response, int index, int size)
            throws RmsClientException {
        if (response.results().size() != size) {
            throw new RmsClientException(RmsClientException.BAD_RESPONSE, "the service answered a pre-license "
                    + "request for " + size + " recipients with " + response.results().size() + " results");
        }
        return response.results().stream().filter(r -> r.index() == index).findFirst()
                .orElseThrow(() -> new RmsClientException(RmsClientException.BAD_RESPONSE,
                        "the service answered the pre-license request without a result for recipient " + index));
    }

    /**
     * The service's answer for one recipient, after the checks a recipient's client would make: a license that
     * fails them would not open the content (or would open it for someone else), so it is a refusal here.
     */
    private PreLicense checked(PublishingLicense pl, Certified c, PreLicense.Recipient r, LicenseResult result) {
        if (!result.isSuccess()) {
            return new PreLicense.Refused(r, result.error().code(), result.error().message());
        }
        try {
            String kid = UseLicense.parseUnverified(result.useLicense()).tenantKid();
            RSAPublicKey tenant = c.tenantKey(kid).orElseThrow(() -> new ProtocolException(Reason.WRONG_KEY,
                    "signed by key " + kid + ", which is not in the licensor chain"));
            UseLicense ul = UseLicense.verify(result.useLicense(), tenant, clock.instant());
            if (!ul.contentId().equals(pl.contentId()) || !ul.holder().equalsIgnoreCase(r.identity())) {
                throw new ProtocolException(Reason.BINDING_MISMATCH, "it is for content " + ul.contentId() + " and "
                        + ul.holder() + ", not for " + pl.contentId() + " and " + r.identity());
            }
            String wrappedTo = ContentKeys.recipientKid(ul.wrappedContentKey());
            String recipientKid = Keys.thumbprint(r.publicKey());
            if (!recipientKid.equals(wrappedTo)) {
                throw new ProtocolException(Reason.WRONG_KEY, "its content key is wrapped to key " + wrappedTo
                        + ", not to the recipient's key " + recipientKid);
            }
            return new PreLicense.Granted(r, ul);
        } catch (ProtocolException e) {
            return new PreLicense.Refused(r, RmsClientException.BAD_RESPONSE, "the service returned a use license "
                    + "for " + r.identity() + " that this client cannot accept: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- info

    @Override
    public ProtectionInfo info(InputStream protectedIn) throws RmsClientException {
        Objects.requireNonNull(protectedIn, "protectedIn");
        ProtectedFileHeader header = readHeader(protectedIn);
        return info(parseLicense(header), header.chunkSize());
    }

    private static ProtectionInfo info(PublishingLicense pl, int chunkSize) {
        return new ProtectionInfo(pl.contentId(), pl.owner(), pl.issuer(), pl.policy(), pl.createdAt(), pl.notAfter(),
                pl.offlineDays(), pl.tenantKid(), chunkSize);
    }

    private static ProtectedFileHeader readHeader(InputStream in) throws RmsClientException {
        byte[] magic;
        try {
            magic = in.readNBytes(ProtectedFileHeader.MAGIC.length);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
        }
        if (!Arrays.equals(magic, ProtectedFileHeader.MAGIC)) {
            throw notProtected();
        }
        try {
            // Give the magic back without buffering: the reader must continue exactly after the header.
            return ProtectedFileReader.readHeader(new SequenceInputStream(new ByteArrayInputStream(magic), in));
        } catch (ProtocolException e) {
            throw fromContent(e);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
        }
    }

    private static PublishingLicense parseLicense(ProtectedFileHeader header) throws RmsClientException {
        try {
            return PublishingLicense.parseUnverified(header.publishingLicense());
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.TAMPERED,
                    "the publishing license in the file's header is damaged (" + e.getMessage()
                            + "). Ask the owner for a new copy", e);
        }
    }

    private static RmsClientException notProtected() {
        return new RmsClientException(RmsClientException.NOT_PROTECTED,
                "the input is not a protected file (it does not start with RMSPF); there is nothing to unprotect");
    }

    // A refusal of the protected content itself.
    private static RmsClientException fromContent(ProtocolException e) {
        return switch (e.reason()) {
            case UNSUPPORTED_VERSION -> new RmsClientException(RmsClientException.UNSUPPORTED_VERSION,
                    e.getMessage() + ". It was written by a newer version; update this client", e);
            case CRYPTO_FAILURE -> new RmsClientException(RmsClientException.IO, e.getMessage(), e);
            default -> new RmsClientException(RmsClientException.TAMPERED, "the protected file is damaged or was "
                    + "altered (" + e.reason() + ": " + e.getMessage()
                    + "). Nothing was kept; ask the owner for a new copy", e);
        };
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Copies with one fixed buffer, telling input failures from output failures. For progress,
     * {@code counted} (when given) measures the input in its own units, e.g. protected bytes.
     */
    private static long copy(InputStream in, OutputStream out, Progress progress, long total,
            CountingInputStream counted, boolean inputIsProtected) throws RmsClientException {
        byte[] buf = new byte[BUFFER];
        long n = 0;
        while (true) {
            int r;
            try {
                r = in.read(buf);
            } catch (ProtocolException e) {
                throw inputIsProtected ? fromContent(e)
                        : new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot read the input: " + e.getMessage(), e);
            }
            if (r < 0) {
                return n;
            }
            try {
                out.write(buf, 0, r);
            } catch (ProtocolException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot encrypt: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new RmsClientException(RmsClientException.IO, "cannot write the output: " + e.getMessage(), e);
            }
            n += r;
            if (progress != null) {
                progress.update(counted != null ? counted.count : n, total);
            }
        }
    }

    private static Path checkInput(Path in) throws RmsClientException {
        Objects.requireNonNull(in, "in");
        if (!Files.exists(in)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the input file " + in + " does not exist");
        }
        if (!Files.isRegularFile(in)) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the input " + in + " is not a regular file");
        }
        return in.toAbsolutePath().normalize();
    }

    private static Path checkOutput(Path source, Path out, boolean overwrite) throws RmsClientException {
        Objects.requireNonNull(out, "out");
        Path target = out.toAbsolutePath().normalize();
        try {
            if (Files.exists(target) && Files.isSameFile(source, target)) {
                throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                        "the output " + out + " is the input itself; choose another output name");
            }
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot inspect " + out + ": " + e.getMessage(), e);
        }
        AtomicFileOutput.check(target, overwrite);
        return target;
    }

    private static boolean startsWithMagic(Path file) throws RmsClientException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(ProtectedFileHeader.MAGIC.length), ProtectedFileHeader.MAGIC);
        } catch (NoSuchFileException e) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the input file " + file + " does not exist");
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) throws RmsClientException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The private key object cannot be wiped, but dropping our references lets it go.
        certified = null;
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }
    }

    private static final class OpenedContent implements ProtectedContent {
        private final ProtectionInfo info;
        private final Set<Right> rights;
        private final Instant licenseExpiresAt;
        private final InputStream stream;

        OpenedContent(ProtectionInfo info, Set<Right> rights, Instant licenseExpiresAt, InputStream stream) {
            this.info = info;
            this.rights = Set.copyOf(rights);
            this.licenseExpiresAt = licenseExpiresAt;
            this.stream = stream;
        }

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
            return licenseExpiresAt;
        }

        @Override
        public InputStream stream() {
            return stream;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
