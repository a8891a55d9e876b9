package org.rmsconnector.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.ContentTracking;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.PreLicense;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.UnprotectResult;
import org.rmsconnector.client.internal.files.AtomicFileOutput;
import org.rmsconnector.protectedfile.ProtectedFileChannels;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
import org.rmsconnector.protectedfile.ProtectedFileReader;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseResult;
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

/**
 * The {@link RmsClient}: the protect, open and pre-license steps of the protocol, with the server certificate from
 * {@link CertificateLifecycle} and the file handling of {@link ProtectedStreams}.
 *
 * <p>About 460 lines because it is the public API's one implementation: each {@code RmsClient} method is a short
 * sequence of protocol steps with its argument checks and error translation; the certificate lifecycle, the
 * streams, the files and the HTTP calls are already classes of their own.
 */
public final class DefaultRmsClient implements RmsClient {

    private final ClientConfig config;
    private final Clock clock;
    private final CertificateLifecycle certificates;

    /** The service's HTTP API, built on first use from {@code config}. */
    public DefaultRmsClient(ClientConfig config) {
        this(config, null, Clock.systemUTC());
    }

    /** A client over {@code api} (null: HTTP per {@code config}), reading time from {@code clock}. */
    public DefaultRmsClient(ClientConfig config, CloudApi api, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.certificates = new CertificateLifecycle(config, api, clock);
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- service calls

    @Override
    public ServerInfo serverInfo() throws RmsClientException {
        return certificates.api().serverInfo();
    }

    @Override
    public List<TemplateSummary> templates() throws RmsClientException {
        certificates.requireIdentity("list templates");
        return certificates.api().templates().templates();
    }

    @Override
    public ServerCertificate certify() throws RmsClientException {
        return certificates.certified(false).certificate();
    }

    // ---------------------------------------------------------------- protect

    @Override
    public ProtectResult protect(InputStream plaintext, OutputStream out, ProtectOptions options)
            throws RmsClientException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(out, "out");
        Published published = publish(options, Map.of());
        try {
            return ProtectedStreams.protect(plaintext, out, published.license(), published.key());
        } finally {
            published.wipe();
        }
    }

    /** A publishing license from the service and the content key it wraps; {@link #wipe} the key after use. */
    private record Published(PublishingLicense license, byte[] key) {
        void wipe() {
            Arrays.fill(key, (byte) 0);
        }
    }

    private Published publish(ProtectOptions options, Map<String, Object> extensions) throws RmsClientException {
        Objects.requireNonNull(options, "options");
        if (options.contentExpiry() != null && !options.contentExpiry().isAfter(clock.instant())) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT,
                    "the content expiry " + options.contentExpiry() + " is not in the future");
        }
        Certified c = certificates.certified(false);
        byte[] key = ContentKeys.generate();
        boolean done = false;
        try {
            PublishingLicense.Draft draft = draft(options, c, key);
            PublishResponse published;
            try {
                published = certificates.api().publish(new PublishRequest(draft), extensions);
            } catch (RmsClientException e) {
                if (!CertificateLifecycle.certificateProblem(e)) {
                    throw e;
                }
                // What this client holds is stale (the tenant key rolled over, or this home met another tenant
                // before): once more, with a fresh certificate and the tenant key it names. Nothing was written.
                c = certificates.certified(true);
                draft = draft(options, c, key);
                published = certificates.api().publish(new PublishRequest(draft), extensions);
            }
            Published p = new Published(checkPublished(published.publishingLicense(), draft, c), key);
            done = true;
            return p;
        } finally {
            if (!done) {
                Arrays.fill(key, (byte) 0);
            }
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
        Objects.requireNonNull(options, "options");
        FileOptions fo = fileOptions == null ? FileOptions.DEFAULT : fileOptions;
        Path source = ProtectedStreams.checkInput(in);
        Path target = ProtectedStreams.checkOutput(source, out, fo.overwrite());
        if (ProtectedStreams.startsWithMagic(source)) {
            throw new RmsClientException(RmsClientException.ALREADY_PROTECTED,
                    source + " is already a protected file; unprotect it first if you mean to change its protection");
        }
        Map<String, Object> declaration = ProtectedFiles.declaration(config, source);
        return AtomicFileOutput.writeChannel(target, fo.overwrite(), os -> {
            try (FileChannel is = ProtectedFiles.openInput(source)) {
                Published published = publish(options, declaration);
                try {
                    ProtectedFileChannels.Sealed s = ProtectedFiles.seal(is, os, published.license().compact(),
                            published.key(), fo, source);
                    return new ProtectResult(ProtectedStreams.info(published.license(), s.header().chunkSize()),
                            s.plaintextBytes(), s.protectedBytes());
                } finally {
                    published.wipe();
                }
            }
        });
    }

    // ---------------------------------------------------------------- unprotect

    @Override
    public UnprotectResult unprotect(InputStream protectedIn, OutputStream plainOut) throws RmsClientException {
        Objects.requireNonNull(plainOut, "plainOut");
        Opened o = open(protectedIn, Right.EXPORT, null);
        long n = ProtectedStreams.copy(o.reader(), plainOut, null, -1, null, true);
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
        Path source = ProtectedStreams.checkInput(in);
        Path target = ProtectedStreams.checkOutput(source, out, fo.overwrite());
        try (FileChannel is = ProtectedFiles.openInput(source)) {
            // not closed on its own: closing it would close the channel the chunks are read from
            ProtectedFileHeader header = ProtectedStreams.readHeader(Channels.newInputStream(is));
            Licensed l = license(header, Right.EXPORT, null);
            try {
                return AtomicFileOutput.writeChannel(target, fo.overwrite(), os -> {
                    long n = ProtectedFiles.open(is, header, l.key(), os, fo, source);
                    return new UnprotectResult(l.info(), l.license().rights(), l.license().expiresAt(), n);
                });
            } finally {
                l.wipe();
            }
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private record Opened(ProtectionInfo info, UseLicense license, ProtectedFileReader reader) {
    }

    /** What the use license grants and the content key it carries; {@link #wipe} the key after use. */
    private record Licensed(ProtectionInfo info, UseLicense license, byte[] key) {
        void wipe() {
            Arrays.fill(key, (byte) 0);
        }
    }

    private Opened open(InputStream in, Right required, String onBehalfOf) throws RmsClientException {
        Objects.requireNonNull(in, "protectedIn");
        ProtectedFileHeader header = ProtectedStreams.readHeader(in);
        Licensed l = license(header, required, onBehalfOf);
        try {
            return new Opened(l.info(), l.license(), new ProtectedFileReader(in, header, l.key()));
        } finally {
            l.wipe();
        }
    }

    private Licensed license(ProtectedFileHeader header, Right required, String onBehalfOf)
            throws RmsClientException {
        PublishingLicense pl = ProtectedStreams.parseLicense(header);
        ProtectionInfo info = ProtectedStreams.info(pl, header.chunkSize());
        Certified c = certificates.certified(false);
        UseLicense ul;
        try {
            ul = acquire(pl, c, onBehalfOf);
        } catch (RmsClientException e) {
            if (!CertificateLifecycle.certificateProblem(e)) {
                throw e;
            }
            // The service no longer takes our certificate (tenant key rolled over, clock, revocation):
            // once more, with a fresh one.
            c = certificates.certified(true);
            ul = acquire(pl, c, onBehalfOf);
        }
        if (!ul.allows(required)) {
            String who = onBehalfOf == null ? c.certificate().subject() : onBehalfOf;
            String needed = required == Right.EXPORT
                    ? "removing protection needs EXPORT or OWNER" : "opening it needs " + required + " or OWNER";
            throw new RmsClientException(RmsClientException.ACCESS_DENIED, who + " may only " + ul.rights()
                    + " content " + pl.contentId() + " of " + pl.owner() + ", and " + needed
                    + ". Ask the owner for more rights");
        }
        try {
            return new Licensed(info, ul, ul.unwrapContentKey(c.holder().getPrivate()));
        } catch (ProtocolException e) {
            throw new RmsClientException(RmsClientException.BAD_RESPONSE,
                    "the content key in the use license cannot be unwrapped with this client's key: " + e.getMessage(),
                    e);
        }
    }

    private UseLicense acquire(PublishingLicense pl, Certified c, String onBehalfOf) throws RmsClientException {
        AcquireLicenseResponse response = certificates.api().acquireLicense(new AcquireLicenseRequest(
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
            UseLicense ul = verifyUseLicense(result.useLicense(), c);
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

    /**
     * Verifies a use license with the tenant key it names: a licensor-chain key, or the tenant's license signing
     * key (ES256). A key this client does not know yet (the tenant started signing with a new one after our
     * certificate was cached) makes it certify again once, which brings the tenant's current keys.
     */
    private UseLicense verifyUseLicense(String compact, Certified c) throws ProtocolException, RmsClientException {
        String kid = UseLicense.parseUnverified(compact).tenantKid();
        java.security.PublicKey key = c.useLicenseKey(kid).orElse(null);
        if (key == null) {
            key = certificates.certified(true).useLicenseKey(kid).orElseThrow(() -> new ProtocolException(
                    Reason.WRONG_KEY, "signed by key " + kid + ", which is neither in the licensor chain nor the"
                            + " tenant's license signing key"));
        }
        return UseLicense.verify(compact, key, clock.instant());
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
        PublishingLicense pl = ProtectedStreams.parseLicense(ProtectedStreams.readHeader(protectedIn));
        Certified c = certificates.certified(false);
        List<PreLicense> out = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += AcquirePreLicenseRequest.MAX_RECIPIENTS) {
            List<PreLicense.Recipient> batch = all.subList(from,
                    Math.min(all.size(), from + AcquirePreLicenseRequest.MAX_RECIPIENTS));
            AcquirePreLicenseResponse response;
            try {
                response = preLicense(pl, c, batch);
            } catch (RmsClientException e) {
                if (!CertificateLifecycle.certificateProblem(e)) {
                    throw e;
                }
                // As for licensing: the service no longer takes our certificate; once more, with a fresh one.
                c = certificates.certified(true);
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
        return certificates.api().acquirePreLicense(new AcquirePreLicenseRequest(c.certificate().compact(),
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
            UseLicense ul = verifyUseLicense(result.useLicense(), c);
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
        } catch (ProtocolException | RmsClientException e) {
            return new PreLicense.Refused(r, RmsClientException.BAD_RESPONSE, "the service returned a use license "
                    + "for " + r.identity() + " that this client cannot accept: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- info

    @Override
    public ProtectionInfo info(InputStream protectedIn) throws RmsClientException {
        Objects.requireNonNull(protectedIn, "protectedIn");
        ProtectedFileHeader header = ProtectedStreams.readHeader(protectedIn);
        return ProtectedStreams.info(ProtectedStreams.parseLicense(header), header.chunkSize());
    }

    // ---------------------------------------------------------------- plumbing

    // ---- content tracking and revocation (the cloud's administration API) -------------------------------------

    @Override
    public ContentTracking track(String contentId) throws RmsClientException {
        Map<String, Object> m = certificates.api().admin("GET", contentPath(contentId) + "/tracking", null);
        List<ContentTracking.Event> events = new ArrayList<>();
        Object records = m.get("records");
        if (records instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> r) {
                    events.add(new ContentTracking.Event(instant(r.get("timestamp")), text(r.get("requestType")),
                            Boolean.TRUE.equals(r.get("granted")), text(r.get("result")), text(r.get("user")),
                            text(r.get("server")), text(r.get("connectorId")), text(r.get("connectorName"))));
                }
            }
        }
        return new ContentTracking(contentId, Optional.ofNullable(text(m.get("owner"))),
                revocation(m.get("revocation")), events);
    }

    @Override
    public ContentTracking.Revocation revoke(String contentId, boolean allowSuperUsers) throws RmsClientException {
        Map<String, Object> m = certificates.api().admin("PUT", contentPath(contentId) + "/revocation",
                "{\"allowSuperUsers\":" + allowSuperUsers + "}");
        return revocation(m.get("revocation")).orElseThrow(() -> new RmsClientException(
                RmsClientException.BAD_RESPONSE, "the service answered the revocation of " + contentId
                        + " without one"));
    }

    @Override
    public void reinstate(String contentId) throws RmsClientException {
        certificates.api().admin("DELETE", contentPath(contentId) + "/revocation", null);
    }

    private static String contentPath(String contentId) throws RmsClientException {
        // content ids are base64url (22 characters for ours); anything else would change the path
        if (contentId == null || !contentId.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "not a content id: " + contentId
                    + " (rmsctl info FILE shows a protected file's content id)");
        }
        return "content/" + contentId;
    }

    private static Optional<ContentTracking.Revocation> revocation(Object o) {
        if (o instanceof Map<?, ?> r) {
            return Optional.of(new ContentTracking.Revocation(text(r.get("revokedBy")), instant(r.get("revokedAt")),
                    Boolean.TRUE.equals(r.get("allowSuperUsers"))));
        }
        return Optional.empty();
    }

    private static String text(Object o) {
        return o instanceof String s ? s : null;
    }

    private static Instant instant(Object o) {
        try {
            return o instanceof String s ? Instant.parse(s) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        certificates.forget();
    }

}
