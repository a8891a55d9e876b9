package org.rmsconnector.cloud.internal.service;

import static org.rmsconnector.cloud.internal.service.OperationRules.protocolRefusal;
import static org.rmsconnector.cloud.internal.service.OperationRules.requireEntry;
import static org.rmsconnector.cloud.internal.service.OperationRules.requireOnBehalfAllowed;
import static org.rmsconnector.cloud.internal.service.OperationRules.roleName;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.rmsconnector.cloud.internal.directory.Directory;
import org.rmsconnector.cloud.internal.model.ServerRole;
import org.rmsconnector.cloud.internal.model.SuperUserConfig;
import org.rmsconnector.cloud.internal.model.UsageRecord;
import org.rmsconnector.cloud.internal.service.UsageRecorder.Usage;
import org.rmsconnector.cloud.internal.store.CloudStore;
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
 * certificate and the publishing license once per request; each item of a batch is then decided and issued on its
 * own ({@link UseLicenses}), and a bad item never fails the batch.
 */
final class Licensing {

    static final String ACQUIRE_LICENSE = "AcquireLicense";
    static final String ACQUIRE_PRELICENSE = "AcquirePreLicense";

    private final CloudStore store;
    private final TenantKeys keys;
    private final Clock clock;
    private final String tenantId;
    private final UseLicenses useLicenses;
    private final UsageRecorder usageLog;

    Licensing(CloudStore store, TenantKeys keys, Clock clock, String tenantId, UseLicenses useLicenses,
            UsageRecorder usageLog) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.tenantId = tenantId;
        this.useLicenses = useLicenses;
        this.usageLog = usageLog;
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
        Directory directory = store.directory().load();
        SuperUserConfig superUsers = store.tenant().superUsers();
        List<LicenseResult> results = new ArrayList<>();
        List<UsageRecord> records = new ArrayList<>();
        List<AcquireLicenseRequest.Item> items = request.items();
        for (int i = 0; i < items.size(); i++) {
            AcquireLicenseRequest.Item item = items.get(i);
            String obo = item.onBehalfOf() != null ? item.onBehalfOf() : caller.onBehalfOf();
            if (obo != null && caller.kind() == CloudCaller.Kind.USER && sameParty(caller.identity(), obo)) {
                obo = null; // a user "acting for" themself is just the user
            }
            Usage usage = usageLog.start(ACQUIRE_LICENSE, caller);
            usage.actingAs = obo;
            try {
                if (obo != null) {
                    requireOnBehalfAllowed(caller);
                }
                PublishingLicense pl = verifyLicense(item.publishingLicense(), usage);
                String requester = obo != null ? obo : caller.identity();
                UseLicense ul = useLicenses.issue(pl, requester, caller.superUser(), cert.subject(), obo,
                        cert.publicKey().publicKey(), directory, superUsers, now);
                results.add(LicenseResult.success(i, ul.compact()));
                usage.granted();
            } catch (CloudException e) {
                results.add(LicenseResult.failure(i, e.code(), e.getMessage()));
                usage.refused(e.code());
            }
            records.addAll(usage.records);
        }
        usageLog.log(records);
        return new AcquireLicenseResponse(results);
    }

    AcquirePreLicenseResponse acquirePreLicense(CloudCaller caller, AcquirePreLicenseRequest request)
            throws CloudException {
        Usage whole = usageLog.start(ACQUIRE_PRELICENSE, caller);
        Instant now = clock.instant();
        PublishingLicense pl;
        try {
            requireEntry(caller);
            certificateOf(caller, request.serverCertificate(), now);
            pl = verifyLicense(request.publishingLicense(), whole);
            boolean exchange = caller.kind() == CloudCaller.Kind.CONNECTOR && caller.role() == ServerRole.EXCHANGE;
            if (!exchange && !sameParty(caller.identity(), pl.owner())) {
                throw CloudException.forbidden("prelicense_not_allowed", "only Exchange servers and the content's"
                        + " owner may obtain licenses for recipients; " + caller.identity() + " is neither");
            }
        } catch (CloudException e) {
            throw usageLog.logRefusal(whole, e);
        }
        Directory directory = store.directory().load();
        SuperUserConfig superUsers = store.tenant().superUsers();
        List<LicenseResult> results = new ArrayList<>();
        List<UsageRecord> records = new ArrayList<>();
        List<AcquirePreLicenseRequest.Recipient> recipients = request.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            AcquirePreLicenseRequest.Recipient r = recipients.get(i);
            Usage usage = usageLog.start(ACQUIRE_PRELICENSE, caller);
            usage.describe(pl);
            usage.actingAs = r.identity();
            try {
                UseLicense ul = useLicenses.issue(pl, r.identity(), false, r.identity(), null,
                        r.publicKey().publicKey(), directory, superUsers, now);
                results.add(LicenseResult.success(i, ul.compact()));
                usage.granted();
            } catch (CloudException e) {
                results.add(LicenseResult.failure(i, e.code(), e.getMessage()));
                usage.refused(e.code());
            }
            records.addAll(usage.records);
        }
        usageLog.log(records);
        return new AcquirePreLicenseResponse(results);
    }

    private PublishingLicense verifyLicense(String compact, Usage usage) throws CloudException {
        try {
            usage.describe(PublishingLicense.parseUnverified(compact));
        } catch (ProtocolException e) {
            // described below, or refused by verify
        }
        PublishingLicense pl;
        try {
            pl = PublishingLicense.verify(compact, keys.publicKey());
        } catch (ProtocolException e) {
            throw protocolRefusal(400, e);
        }
        if (!tenantId.equals(pl.issuer())) {
            throw new CloudException(400, "foreign_license", "the publishing license names tenant " + pl.issuer()
                    + ", not this tenant");
        }
        return pl;
    }

    private ServerCertificate certificateOf(CloudCaller caller, String compact, Instant now) throws CloudException {
        ServerCertificate cert;
        try {
            cert = ServerCertificate.verify(compact, keys.publicKey(), now);
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
        return OperationRules.sameParty(store, a, b);
    }
}
