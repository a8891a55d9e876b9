package org.rmsconnector.sharepoint.internal;

import org.rmsconnector.workload.support.Bodies;
import org.rmsconnector.workload.support.Refused;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;

/**
 * The rules of the SharePoint workload (DESIGN.md F4; bundles/connector/workloads/sharepoint/README.md). SharePoint has ordinary user
 * privileges: the adapter never asks for super user.
 * <ul>
 * <li>Operations: server information, certification, publishing, licenses and templates; no pre-licenses.</li>
 * <li>Protect on download: a publish request names the user who downloads and the library's policy. Only
 * grants, each for one named user (no wildcard or everyone-like principal), at most {@code max.grants} of them,
 * each with {@code VIEW} and nothing beyond {@link #LIBRARY_RIGHTS}; offline days up to
 * {@code max.offline.days}.</li>
 * <li>Decrypt on upload: every item of a license request names the uploading user in {@code onBehalfOf}, so the
 * cloud evaluates that user's rights and not the server's; without it the request is refused.</li>
 * </ul>
 */
@Component(name = SharePointAdapter.NAME, service = WorkloadAdapter.class, enabled = false,
        configurationPid = SharePointAdapter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = WorkloadAdapter.WORKLOAD_PROPERTY + "=sharepoint")
public class SharePointAdapter implements WorkloadAdapter {
    /** The configuration PID the adapter and its switch share. */
    public static final String PID = "org.rmsconnector.workload.sharepoint";
    static final String NAME = "org.rmsconnector.sharepoint.adapter";

    /**
     * What a library policy can grant: view (with the rights data), print, write on a copy (edit and save), and
     * let scripts and screen readers work (object model and copy). Never export, forward, reply, changing the
     * rights or owner.
     */
    public static final Set<Right> LIBRARY_RIGHTS = Collections.unmodifiableSet(EnumSet.of(Right.VIEW,
            Right.VIEWRIGHTSDATA, Right.PRINT, Right.EDIT, Right.DOCEDIT, Right.EXTRACT, Right.OBJMODEL));

    /** Names that stand for many users; a download is never protected for them. */
    private static final Set<String> PSEUDO_PRINCIPALS = Set.of("everyone", "anyone", "anonymous", "all",
            "allusers", "all-users", "authenticatedusers", "authenticated-users", "nt authority");

    private static final Set<Operation> OPERATIONS = Collections.unmodifiableSet(EnumSet.of(Operation.SERVER_INFO,
            Operation.CERTIFY, Operation.PUBLISH, Operation.ACQUIRE_LICENSE, Operation.TEMPLATES));

    /** The limits of the configuration, clamped to what the protocol can carry. */
    record Limits(int maxOfflineDays, int maxGrants) {
        static final Limits DEFAULTS = new Limits(30, 1);

        Limits {
            maxOfflineDays = Math.max(0, Math.min(maxOfflineDays, PublishingLicense.MAX_OFFLINE_DAYS));
            maxGrants = Math.max(1, Math.min(maxGrants, 100));
        }
    }

    private volatile Limits limits;

    @Activate
    public SharePointAdapter(SharePointConfiguration config) {
        modified(config);
    }

    /** An adapter with the default limits, outside OSGi (tests, tools). */
    public SharePointAdapter() {
        this(Limits.DEFAULTS);
    }

    SharePointAdapter(Limits limits) {
        this.limits = limits;
    }

    @Modified
    void modified(SharePointConfiguration config) {
        this.limits = new Limits(config.max_offline_days(), config.max_grants());
    }

    @Override
    public Workload workload() {
        return Workload.SHAREPOINT;
    }

    @Override
    public Set<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public AdapterResult handle(WorkloadRequest request) {
        Limits current = limits;
        try {
            return switch (request.operation()) {
                case SERVER_INFO -> new AdapterResult.Forward(Bodies.EMPTY, false, null);
                case CERTIFY -> certify(request.body());
                case PUBLISH -> publish(request.body(), current);
                case ACQUIRE_LICENSE -> acquireLicense(request.body());
                case TEMPLATES -> new AdapterResult.Forward(Bodies.templatesBody(request.body()), false, null);
                // the relay checks operations() first; this is for a caller that did not
                case ACQUIRE_PRELICENSE -> new AdapterResult.Refuse(403, "operation_not_allowed",
                        "the sharepoint role may not call ACQUIRE_PRELICENSE: SharePoint does not pre-license;"
                                + " recipients acquire their own licenses");
            };
        } catch (Refused r) {
            return r.refuse();
        }
    }

    private static AdapterResult certify(byte[] body) throws Refused {
        try {
            CertifyRequest parsed = CertifyRequest.fromJson(Bodies.objectText(body, "CertifyRequest"));
            return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, null);
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
    }

    // ---- protect on download

    private static AdapterResult publish(byte[] body, Limits limits) throws Refused {
        PublishRequest parsed;
        try {
            parsed = PublishRequest.fromJson(Bodies.objectText(body, "PublishRequest"));
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
        PublishingLicense.Draft draft = parsed.draft();
        if (!(draft.policy() instanceof Policy.AdHoc adHoc)) {
            throw new Refused(400, "grants_required", "SharePoint protects a download for the user who downloads"
                    + " it: send grants naming that user with the library's rights (" + names(LIBRARY_RIGHTS)
                    + "), not a template");
        }
        if (adHoc.grants().size() > limits.maxGrants()) {
            throw new Refused(400, "too_many_grants", "this request protects for " + adHoc.grants().size()
                    + " users; a SharePoint download is protected for at most " + limits.maxGrants()
                    + " (max.grants): protect each download for the user who downloads it");
        }
        for (int i = 0; i < adHoc.grants().size(); i++) {
            Grant g = adHoc.grants().get(i);
            String field = "PublishRequest.draft.policy.grants[" + i + "]";
            requireNamedUser(g.principal(), field + ".principal");
            if (!g.rights().contains(Right.VIEW)) {
                throw new Refused(400, "rights_not_allowed", field + ".rights: every grant includes VIEW");
            }
            if (!LIBRARY_RIGHTS.containsAll(g.rights())) {
                EnumSet<Right> beyond = EnumSet.copyOf(g.rights());
                beyond.removeAll(LIBRARY_RIGHTS);
                throw new Refused(400, "rights_not_allowed", field + ".rights: " + names(beyond) + " cannot be"
                        + " granted by a SharePoint library policy; allowed are " + names(LIBRARY_RIGHTS));
            }
        }
        if (draft.offlineDays() > limits.maxOfflineDays()) {
            throw new Refused(400, "offline_days_too_long", "PublishRequest.draft.offlineDays: " + draft.offlineDays()
                    + " days; a SharePoint download may be used offline for at most " + limits.maxOfflineDays()
                    + " days (max.offline.days)");
        }
        // The library (the SharePoint entry) owns what it protects: no on-behalf-of user, so the cloud accepts
        // only the entry as the owner.
        return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, null);
    }

    /** One named user: {@code user@domain}, no wildcard, no everyone-like name. */
    static void requireNamedUser(String principal, String field) throws Refused {
        String p = principal.strip();
        int at = p.indexOf('@');
        boolean plain = p.chars().noneMatch(c -> Character.isWhitespace(c) || c == '*' || c == '?' || c == '%');
        String local = at > 0 ? p.substring(0, at).toLowerCase(Locale.ROOT) : p.toLowerCase(Locale.ROOT);
        if (at <= 0 || at != p.lastIndexOf('@') || at == p.length() - 1 || !plain
                || PSEUDO_PRINCIPALS.contains(local)) {
            throw new Refused(400, "named_user_required", field + ": '" + principal + "' is not one named user;"
                    + " SharePoint protects a download for the user who downloads it (user@domain)");
        }
    }

    // ---- decrypt on upload

    private static AdapterResult acquireLicense(byte[] body) throws Refused {
        AcquireLicenseRequest parsed;
        try {
            parsed = AcquireLicenseRequest.fromJson(Bodies.objectText(body, "AcquireLicenseRequest"));
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
        List<AcquireLicenseRequest.Item> items = parsed.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).onBehalfOf() == null) {
                throw new Refused(400, "on_behalf_of_required", "AcquireLicenseRequest.items[" + i + "].onBehalfOf:"
                        + " missing; SharePoint decrypts a document only with the rights of the user who uploads"
                        + " it, so every item names that user");
            }
        }
        return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, commonUser(items));
    }

    /** The user every item names, or {@code null} when they name different users (each item still names its own). */
    static String commonUser(List<AcquireLicenseRequest.Item> items) {
        String first = items.get(0).onBehalfOf();
        for (AcquireLicenseRequest.Item item : items) {
            if (first == null || item.onBehalfOf() == null || !item.onBehalfOf().equalsIgnoreCase(first)) {
                return null;
            }
        }
        return first;
    }

    private static List<String> names(Set<Right> rights) {
        List<String> out = new ArrayList<>();
        for (Right r : EnumSet.copyOf(rights)) {
            out.add(r.name());
        }
        return out;
    }
}
