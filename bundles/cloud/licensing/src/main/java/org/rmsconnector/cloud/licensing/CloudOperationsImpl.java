package org.rmsconnector.cloud.licensing;

import static org.rmsconnector.cloud.licensing.OperationRules.code;
import static org.rmsconnector.cloud.licensing.OperationRules.protocolRefusal;
import static org.rmsconnector.cloud.licensing.OperationRules.requireEntry;
import static org.rmsconnector.cloud.licensing.OperationRules.requireOnBehalfAllowed;
import static org.rmsconnector.cloud.licensing.OperationRules.roleName;
import static org.rmsconnector.cloud.licensing.OperationRules.templateId;
import static org.rmsconnector.cloud.licensing.OperationRules.withoutUserIdentity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.CloudOperations;
import org.rmsconnector.cloud.api.json.TemplateJson;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.keys.UseLicenseSigner;
import org.rmsconnector.cloud.licensing.UsageRecorder.Usage;
import org.rmsconnector.cloud.licensing.internal.rights.Decision;
import org.rmsconnector.cloud.licensing.internal.rights.RefusalReason;
import org.rmsconnector.cloud.licensing.internal.rights.RightsEvaluator;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseSigningKey;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishResponse;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateList;
import org.rmsconnector.protocol.TemplateSummary;

/**
 * The tenant's rights-management operations (docs/cloud-api.md, docs/protocol.md), over the store, the tenant
 * key and the rights evaluator. Stateless apart from its final dependencies, hence thread-safe. It serves service
 * information, certification, publishing and templates itself, and hands licensing to {@link Licensing}.
 *
 * <p>Rules worth knowing:
 * <ul>
 * <li>Identities: a user caller is its UPN; a connector caller is its authorized-servers entry (a group entry:
 * the group, so all members share one identity and own what any of them protected). A connector speaking for
 * itself (no entry) gets no operation: 403 {@code entry_required}.</li>
 * <li>On-behalf-of: SharePoint and Exchange may name the user they act for; FCI may not
 * ({@code obo_not_allowed}); a user caller may not either.</li>
 * <li>FCI and Exchange publish with, and see, only templates available without user identity (F18).</li>
 * <li>Super user: only an Exchange caller that asked for it ({@link CloudCaller#superUser()}) and only while the
 * tenant's super-user feature is on.</li>
 * <li>Pre-licensing (use licenses for recipients, wrapped to keys the requester names) is allowed to Exchange and
 * to the content's owner only: anyone else could name their own key for a recipient and read the content with
 * that recipient's rights.</li>
 * <li>Error codes: protocol refusals carry the {@link org.rmsconnector.protocol.Reason} name ({@code EXPIRED},
 * {@code BAD_SIGNATURE}, …, as in docs/protocol.md); rights refusals the {@link RefusalReason} in lower case
 * ({@code not_granted}, {@code template_archived}, …); service refusals a lower-case code
 * ({@code certificate_not_yours}, {@code owner_not_caller}, …).</li>
 * <li>Usage log ({@link UsageRecorder}): every operation but {@link #serverInfo} (anonymous) appends one record
 * per item, granted ({@value #GRANTED}) or refused (the code), queued for the store's batch writer; a full queue
 * drops and counts rows rather than slow the request (docs/cloud-service.md §4).</li>
 * </ul>
 */
public final class CloudOperationsImpl implements CloudOperations {

    /** Validity of a server certificate. */
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(30);
    /** Validity of a use license for content without offline access: the session that asked for it. */
    public static final Duration SESSION_LICENSE_VALIDITY = UseLicenses.SESSION_LICENSE_VALIDITY;
    /** The usage-log result of a granted request. */
    public static final String GRANTED = UsageRecorder.GRANTED;

    static final String CERTIFY = "Certify";
    static final String PUBLISH = "Publish";
    static final String ACQUIRE_TEMPLATES = "AcquireTemplates";
    static final String ACQUIRE_TEMPLATE = "AcquireTemplate";

    private final CloudStore store;
    private final TenantKeys keys;
    private final UseLicenseSigner signer;
    private final TenantState state;
    private final RightsEvaluator rights;
    private final Clock clock;
    private final String tenantId;
    private final String tenantName;
    private final String serviceVersion;
    private final UsageRecorder usageLog;
    private final Licensing licensing;

    /**
     * The operations of a started tenant, reading the directory, templates and super users from memory
     * ({@link TenantState}, reloaded after each change the store counts), the rights evaluator reading the templates
     * from there too.
     *
     * @param signer      signs use licenses (ES256 with the tenant's license signing key, or the RSA tenant key)
     * @param contentKeys unwrapped content keys, kept briefly; the caller wipes them ({@link ContentKeyCache#clear()})
     *                    when it stops
     */
    public CloudOperationsImpl(CloudStore store, TenantKeys keys, UseLicenseSigner signer, Clock clock, String tenantId,
            String tenantName, String serviceVersion, ContentKeyCache contentKeys) {
        this(store, keys, signer, new TenantState(store, clock, TenantState.DEFAULT_MAX_AGE), clock, tenantId,
                tenantName, serviceVersion, contentKeys);
    }

    private CloudOperationsImpl(CloudStore store, TenantKeys keys, UseLicenseSigner signer, TenantState state,
            Clock clock, String tenantId, String tenantName, String serviceVersion, ContentKeyCache contentKeys) {
        this(store, keys, signer, state, new RightsEvaluator(state), clock, tenantId, tenantName, serviceVersion,
                contentKeys);
    }

    /**
     * @param signer      signs use licenses (ES256 with the tenant's license signing key, or the RSA tenant key)
     * @param state       the directory, templates and super users in memory; {@code rights} should read templates
     *                    from it too
     * @param contentKeys unwrapped content keys, kept briefly
     */
    CloudOperationsImpl(CloudStore store, TenantKeys keys, UseLicenseSigner signer, TenantState state,
            RightsEvaluator rights, Clock clock, String tenantId, String tenantName, String serviceVersion,
            ContentKeyCache contentKeys) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.state = Objects.requireNonNull(state, "state");
        this.rights = Objects.requireNonNull(rights, "rights");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.tenantName = Objects.requireNonNull(tenantName, "tenantName");
        this.serviceVersion = Objects.requireNonNull(serviceVersion, "serviceVersion");
        this.usageLog = new UsageRecorder(store, clock);
        this.licensing = new Licensing(state, keys, store.revocations(), clock, tenantId,
                new UseLicenses(state, keys, signer, rights, tenantId), usageLog, contentKeys);
    }

    // ---- service information ---------------------------------------------------------------------------------

    @Override
    public ServerInfo serverInfo(URI base) {
        String b = base.toString();
        URI root = URI.create(b.endsWith("/") ? b : b + "/");
        return new ServerInfo(tenantId, tenantName, serviceVersion, root.resolve("_wmcs/certification"),
                root.resolve("_wmcs/licensing"), root.resolve("_wmcs/licensing/publish"));
    }

    // ---- certification ---------------------------------------------------------------------------------------

    @Override
    public CertifyResponse certify(CloudCaller caller, CertifyRequest request) throws CloudException {
        Usage usage = usageLog.start(CERTIFY, caller);
        try {
            requireEntry(caller);
            if (!mayClaim(caller, request.identity())) {
                throw CloudException.forbidden("identity_not_yours", caller.account() + " may be certified as "
                        + caller.identity() + ", not as " + request.identity());
            }
            try {
                Keys.checkStrength(request.publicKey().publicKey());
            } catch (ProtocolException e) {
                throw protocolRefusal(400, e);
            }
            Instant now = clock.instant();
            ServerCertificate cert;
            try {
                cert = ServerCertificate.issue(keys.privateKey(), keys.kid(), tenantId, caller.identity(),
                        roleName(caller.role()), request.publicKey(), now, now.plus(CERTIFICATE_VALIDITY));
            } catch (ProtocolException e) {
                throw protocolRefusal(500, e);
            }
            usage.granted();
            usageLog.log(usage.records);
            return new CertifyResponse(cert.compact(), List.of(keys.publicJwk()),
                    signer.endorsement().map(LicenseSigningKey::compact).orElse(null));
        } catch (CloudException e) {
            throw usageLog.logRefusal(usage, e);
        }
    }

    // ---- publishing ------------------------------------------------------------------------------------------

    @Override
    public PublishResponse publish(CloudCaller caller, PublishRequest request) throws CloudException {
        PublishingLicense.Draft draft = request.draft();
        Usage usage = usageLog.start(PUBLISH, caller);
        usage.contentId = draft.contentId();
        usage.owner = draft.owner();
        usage.issuer = caller.identity();
        usage.templateId = templateId(draft.policy());
        usage.actingAs = caller.onBehalfOf();
        try {
            requireEntry(caller);
            String publisher = caller.identity();
            if (caller.onBehalfOf() != null) {
                requireOnBehalfAllowed(caller);
                publisher = caller.onBehalfOf();
            }
            if (!sameParty(publisher, draft.owner())) {
                throw CloudException.forbidden("owner_not_caller", caller.account() + " may publish as "
                        + publisher + ", not as owner " + draft.owner());
            }
            if (draft.policy() instanceof org.rmsconnector.protocol.Policy.Template t) {
                if (usage.templateId == null) {
                    throw new CloudException(400, code(RefusalReason.TEMPLATE_UNKNOWN), "'" + t.templateId()
                            + "' is not a template id of this tenant");
                }
                Optional<Decision.Refused> refused = rights.checkPublishable(usage.templateId,
                        withoutUserIdentity(caller));
                if (refused.isPresent()) {
                    Decision.Refused r = refused.get();
                    throw new CloudException(r.reason() == RefusalReason.TEMPLATE_UNKNOWN ? 400 : 403, code(r.reason()),
                            r.message());
                }
            }
            PublishingLicense pl;
            try {
                pl = PublishingLicense.sign(draft, tenantId, clock.instant(), keys.privateKey(), keys.kid());
            } catch (ProtocolException e) {
                throw protocolRefusal(e.reason() == org.rmsconnector.protocol.Reason.CRYPTO_FAILURE ? 500 : 400, e);
            }
            usage.granted();
            usageLog.log(usage.records);
            return new PublishResponse(pl.compact());
        } catch (CloudException e) {
            throw usageLog.logRefusal(usage, e);
        }
    }

    // ---- licensing -------------------------------------------------------------------------------------------

    @Override
    public AcquireLicenseResponse acquireLicense(CloudCaller caller, AcquireLicenseRequest request)
            throws CloudException {
        return licensing.acquireLicense(caller, request);
    }

    @Override
    public AcquirePreLicenseResponse acquirePreLicense(CloudCaller caller, AcquirePreLicenseRequest request)
            throws CloudException {
        return licensing.acquirePreLicense(caller, request);
    }

    // ---- templates -------------------------------------------------------------------------------------------

    @Override
    public TemplateList templates(CloudCaller caller) throws CloudException {
        Usage usage = usageLog.start(ACQUIRE_TEMPLATES, caller);
        try {
            requireEntry(caller);
            List<TemplateSummary> out = new ArrayList<>();
            for (TenantState.Published p : state.published()) {   // from memory: no database read per call
                Template t = p.template();
                if (visible(caller, t) && out.size() < TemplateList.MAX_TEMPLATES) {
                    out.add(new TemplateSummary(t.id().toString(), t.name(), t.description(), p.hash(),
                            t.availableWithoutUserIdentity()));
                }
            }
            usage.granted();
            usageLog.log(usage.records);
            return new TemplateList(out);
        } catch (CloudException e) {
            throw usageLog.logRefusal(usage, e);
        }
    }

    @Override
    public String template(CloudCaller caller, UUID id) throws CloudException {
        Usage usage = usageLog.start(ACQUIRE_TEMPLATE, caller);
        usage.templateId = id;
        try {
            requireEntry(caller);
            Template t = store.templates().find(id).filter(x -> visible(caller, x))
                    .orElseThrow(() -> CloudException.notFound("no published template " + id + " for "
                            + caller.identity()));
            usage.granted();
            usageLog.log(usage.records);
            return TemplateJson.toJson(t);
        } catch (CloudException e) {
            throw usageLog.logRefusal(usage, e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private boolean visible(CloudCaller caller, Template t) {
        return t.status() == TemplateStatus.PUBLISHED
                && (!withoutUserIdentity(caller) || t.availableWithoutUserIdentity());
    }

    private boolean mayClaim(CloudCaller caller, String identity) {
        if (identity.equalsIgnoreCase(caller.identity())) {
            return true;
        }
        if (caller.kind() == CloudCaller.Kind.CONNECTOR) {
            return identity.equalsIgnoreCase(caller.account());
        }
        return sameParty(caller.identity(), identity);
    }

    private boolean sameParty(String a, String b) {
        return state.sameParty(a, b);
    }
}
