package org.rmsconnector.cloud.licensing;

import static org.rmsconnector.cloud.licensing.OperationRules.protocolRefusal;
import static org.rmsconnector.cloud.licensing.OperationRules.requireEntry;
import static org.rmsconnector.cloud.licensing.OperationRules.requireOnBehalfAllowed;
import static org.rmsconnector.cloud.licensing.OperationRules.roleName;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.licensing.UsageRecorder.Usage;
import org.rmsconnector.cloud.model.ContentRevocation;
import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.store.ContentRevocations;
import org.rmsconnector.cloud.store.StoreException;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.UseLicense;

/**
 * The licensing requests of {@link CloudOperationsImpl}: use licenses for the caller ({@code acquireLicense}) and,
 * for Exchange and the content's owner only, for recipients ({@code acquirePreLicense}). It checks the server
 * certificate once per request and each distinct publishing license once per request; each item of a batch is
 * then decided and issued on its own ({@link UseLicenses}), and a bad item never fails the batch.
 *
 * <p>Why it is shaped for speed: the tenant's private-key work is the cost of licensing. A publishing license's
 * content key is unwrapped at most once per request however many items carry it, and not at all while the
 * {@link ContentKeyCache} still holds it; certificates and publishing licenses verified before are not verified
 * again ({@link VerifiedCache}); the directory, templates and super users come from memory
 * ({@link TenantState}); usage rows are queued, not written, on this path. The one database read it makes is
 * whether a content is revoked: one primary-key lookup per content id and request, never cached, so a revocation
 * through any cloud node holds at the next decision everywhere.
 */
final class Licensing {

    static final String ACQUIRE_LICENSE = "AcquireLicense";
    static final String ACQUIRE_PRELICENSE = "AcquirePreLicense";

    private final TenantState state;
    private final TenantKeys keys;
    private final ContentRevocations revocations;
    private final Clock clock;
    private final String tenantId;
    private final UseLicenses useLicenses;
    private final UsageRecorder usageLog;
    private final ContentKeyCache contentKeys;
    private final VerifiedCache<ServerCertificate> certificates = new VerifiedCache<>(VerifiedCache.DEFAULT_MAX_ENTRIES);
    private final VerifiedCache<PublishingLicense> licenses = new VerifiedCache<>(VerifiedCache.DEFAULT_MAX_ENTRIES);

    Licensing(TenantState state, TenantKeys keys, ContentRevocations revocations, Clock clock, String tenantId,
            UseLicenses useLicenses, UsageRecorder usageLog, ContentKeyCache contentKeys) {
        this.state = state;
        this.keys = keys;
        this.revocations = revocations;
        this.clock = clock;
        this.tenantId = tenantId;
        this.useLicenses = useLicenses;
        this.usageLog = usageLog;
        this.contentKeys = contentKeys;
    }

    /** A publishing license verified once for a whole request, or its refusal, with its cache digest. */
    private record Verified(PublishingLicense license, ContentKeyCache.Digest digest, CloudException refusal) {
    }

    AcquireLicenseResponse acquireLicense(CloudCaller caller, AcquireLicenseRequest request)
            throws CloudException {
        Usage whole = usageLog.start(ACQUIRE_LICENSE, caller);
        ServerCertificate cert;
        Instant now = clock.instant();
        try {
            requireEntry(caller);
            cert = certificateOf(caller, request.serverCertificate(), now);
        } catch (CloudException e) {
            throw usageLog.logRefusal(whole, e);
        }
        Map<String, Verified> verified = new HashMap<>();
        Map<String, Optional<ContentRevocation>> revoked = new HashMap<>();
        List<LicenseResult> results = issueEach(ACQUIRE_LICENSE, caller, request.items(),
                (item, usage, batch, directory, superUsers) -> {
                    String obo = item.onBehalfOf() != null ? item.onBehalfOf() : caller.onBehalfOf();
                    if (obo != null && caller.kind() == CloudCaller.Kind.USER && sameParty(caller.identity(), obo)) {
                        obo = null; // a user "acting for" themself is just the user
                    }
                    usage.actingAs = obo;
                    if (obo != null) {
                        requireOnBehalfAllowed(caller);
                    }
                    Verified v = verified.computeIfAbsent(item.publishingLicense(), this::verify);
                    describe(usage, item.publishingLicense(), v);
                    if (v.refusal() != null) {
                        throw v.refusal();
                    }
                    String requester = obo != null ? obo : caller.identity();
                    Optional<ContentRevocation> revocation = revocationOf(v.license().contentId(), revoked);
                    return useLicenses.issue(v.license(), v.digest(), batch, requester, caller.superUser(),
                            cert.subject(), obo, cert.publicKey().publicKey(), directory, superUsers, revocation,
                            now);
                });
        return new AcquireLicenseResponse(results);
    }

    AcquirePreLicenseResponse acquirePreLicense(CloudCaller caller, AcquirePreLicenseRequest request)
            throws CloudException {
        Usage whole = usageLog.start(ACQUIRE_PRELICENSE, caller);
        Instant now = clock.instant();
        PublishingLicense pl;
        ContentKeyCache.Digest digest;
        Optional<ContentRevocation> revocation;
        try {
            requireEntry(caller);
            certificateOf(caller, request.serverCertificate(), now);
            Verified v = verify(request.publishingLicense());
            describe(whole, request.publishingLicense(), v);
            if (v.refusal() != null) {
                throw v.refusal();
            }
            pl = v.license();
            digest = v.digest();
            boolean exchange = caller.kind() == CloudCaller.Kind.CONNECTOR && caller.role() == ServerRole.EXCHANGE;
            if (!exchange && !sameParty(caller.identity(), pl.owner())) {
                throw CloudException.forbidden("prelicense_not_allowed", "only Exchange servers and the content's"
                        + " owner may obtain licenses for recipients; " + caller.identity() + " is neither");
            }
            revocation = revocationOf(pl.contentId(), new HashMap<>());
        } catch (CloudException e) {
            throw usageLog.logRefusal(whole, e);
        }
        List<LicenseResult> results = issueEach(ACQUIRE_PRELICENSE, caller, request.recipients(),
                (r, usage, batch, directory, superUsers) -> {
                    usage.describe(pl);
                    usage.actingAs = r.identity();
                    return useLicenses.issue(pl, digest, batch, r.identity(), false, r.identity(), null,
                            r.publicKey().publicKey(), directory, superUsers, revocation, now);
                });
        return new AcquirePreLicenseResponse(results);
    }

    /** Issues one use license for an item of a batch, filling the item's usage record as it learns about it. */
    @FunctionalInterface
    private interface ItemIssuer<T> {
        UseLicense issue(T item, Usage usage, ContentKeyCache.Batch batch, Directory directory,
                SuperUserConfig superUsers) throws CloudException;
    }

    /**
     * The per-item loop both licensing requests share: each item is decided and issued on its own, so a refused
     * item becomes a failure result (and a refused usage record) without failing the batch. The directory and the
     * super users are read once per request; the content keys unwrapped for the batch are wiped at its end; the
     * items' usage records are logged together once every item is done.
     */
    private <T> List<LicenseResult> issueEach(String type, CloudCaller caller, List<T> items, ItemIssuer<T> issuer)
            throws CloudException {
        Directory directory = state.directory();
        SuperUserConfig superUsers = state.superUsers();
        List<LicenseResult> results = new ArrayList<>();
        List<UsageRecord> records = new ArrayList<>();
        try (ContentKeyCache.Batch batch = contentKeys.batch()) {
            for (int i = 0; i < items.size(); i++) {
                Usage usage = usageLog.start(type, caller);
                try {
                    UseLicense ul = issuer.issue(items.get(i), usage, batch, directory, superUsers);
                    results.add(LicenseResult.success(i, ul.compact()));
                    usage.granted();
                } catch (CloudException e) {
                    results.add(LicenseResult.failure(i, e.code(), e.getMessage()));
                    usage.refused(e.code());
                }
                records.addAll(usage.records);
            }
        }
        usageLog.log(records);
        return results;
    }

    private Verified verify(String compact) {
        PublishingLicense pl = licenses.get(compact);
        if (pl == null) {
            try {
                pl = PublishingLicense.verify(compact, keys.verificationKey(signerKid(compact, true)));
            } catch (ProtocolException e) {
                return new Verified(null, null, protocolRefusal(400, e));
            }
            licenses.put(compact, pl);
        }
        if (!tenantId.equals(pl.issuer())) {
            return new Verified(pl, null, new CloudException(400, "foreign_license", "the publishing license names"
                    + " tenant " + pl.issuer() + ", not this tenant"));
        }
        return new Verified(pl, ContentKeyCache.digest(compact), null);
    }

    /**
     * Whether the content is revoked, read from the database once per content id and request (a primary-key
     * lookup), never cached across requests: a revocation through any cloud node holds at the next decision on
     * every node. When the state cannot be read, nothing is licensed (fail closed).
     */
    private Optional<ContentRevocation> revocationOf(String contentId, Map<String, Optional<ContentRevocation>> seen)
            throws CloudException {
        Optional<ContentRevocation> r = seen.get(contentId);
        if (r == null) {
            try {
                r = revocations.find(contentId);
            } catch (StoreException e) {
                throw new CloudException(503, "revocation_state_unavailable", "whether content " + contentId
                        + " is revoked cannot be read, so nothing is licensed for it: " + e.getMessage(), e);
            }
            seen.put(contentId, r);
        }
        return r;
    }

    // after a key rollover, content and certificates signed by an older tenant key still verify, with that key;
    // without one (most tenants) nothing is parsed twice
    private String signerKid(String compact, boolean publishingLicense) {
        if (keys.olderKids().isEmpty()) {
            return keys.kid();
        }
        try {
            return publishingLicense ? PublishingLicense.parseUnverified(compact).tenantKid()
                    : ServerCertificate.parseUnverified(compact).tenantKid();
        } catch (ProtocolException e) {
            return keys.kid(); // the verification reports what is wrong
        }
    }

    // the usage record names the content even when its license is refused, as far as it can be read
    private static void describe(Usage usage, String compact, Verified v) {
        if (v.license() != null) {
            usage.describe(v.license());
            return;
        }
        try {
            usage.describe(PublishingLicense.parseUnverified(compact));
        } catch (ProtocolException e) {
            // not even readable: the record has no content
        }
    }

    private ServerCertificate certificateOf(CloudCaller caller, String compact, Instant now) throws CloudException {
        ServerCertificate cert = certificates.get(compact);
        try {
            if (cert == null) {
                cert = ServerCertificate.verify(compact, keys.verificationKey(signerKid(compact, false)), now);
                certificates.put(compact, cert);
            } else {
                cert.checkValidAt(now); // verified before; its validity depends on the time
            }
        } catch (ProtocolException e) {
            throw protocolRefusal(403, e);
        }
        if (!tenantId.equals(cert.issuer())) {
            throw CloudException.forbidden("certificate_not_yours", "the server certificate was issued by tenant "
                    + cert.issuer() + ", not by this tenant");
        }
        boolean subjectOk = caller.kind() == CloudCaller.Kind.USER ? sameParty(caller.identity(), cert.subject())
                : caller.identity().equalsIgnoreCase(cert.subject());
        if (!subjectOk) {
            throw CloudException.forbidden("certificate_not_yours", "the server certificate belongs to "
                    + cert.subject() + ", not to " + caller.identity());
        }
        String expectedRole = roleName(caller.role());
        if (!Objects.equals(expectedRole, cert.role())) {
            throw CloudException.forbidden("certificate_not_yours", "the server certificate of " + cert.subject()
                    + " was issued for role " + cert.role() + "; the caller now holds role " + expectedRole
                    + ": certify again");
        }
        return cert;
    }

    private boolean sameParty(String a, String b) {
        return state.sameParty(a, b);
    }
}
