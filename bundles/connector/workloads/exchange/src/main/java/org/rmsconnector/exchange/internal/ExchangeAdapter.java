package org.rmsconnector.exchange.internal;

import org.rmsconnector.workload.support.Bodies;
import org.rmsconnector.workload.support.Refused;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.Right;

/**
 * The rules of the Exchange workload (DESIGN.md F4, F18; bundles/connector/workloads/exchange/README.md):
 * <ul>
 * <li>all six operations;</li>
 * <li>license requests ask for super-user evaluation (transport and journal decryption, search) and are batched up
 * to {@code max.batch.items}; {@code onBehalfOf} is the items' user when they all name the same one;</li>
 * <li>pre-licenses for the recipients of one message, 1 to {@code max.prelicense.recipients}, each evaluated on
 * the recipient's own rights (never super user);</li>
 * <li>publishing on behalf of the sender (the draft's owner), with a template (the cloud limits Exchange to
 * templates for applications), with grants, or Do-Not-Forward: the {@code dnf} extension, which the adapter turns
 * into grants of exactly {@link #DNF_RIGHTS} for each recipient.</li>
 * </ul>
 */
@Component(name = ExchangeAdapter.NAME, service = WorkloadAdapter.class, enabled = false,
        configurationPid = ExchangeAdapter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = WorkloadAdapter.WORKLOAD_PROPERTY + "=exchange")
public class ExchangeAdapter implements WorkloadAdapter {
    /** The configuration PID the adapter and its switch share. */
    public static final String PID = "org.rmsconnector.workload.exchange";
    static final String NAME = "org.rmsconnector.exchange.adapter";

    /** The rights of a Do-Not-Forward recipient: read, reply, reply all and see the rights. Nothing else, ever. */
    public static final Set<Right> DNF_RIGHTS = Collections.unmodifiableSet(
            EnumSet.of(Right.VIEW, Right.REPLY, Right.REPLYALL, Right.VIEWRIGHTSDATA));

    /** The extension member of a publish request that asks for Do-Not-Forward. */
    static final String DNF = "dnf";
    static final String DNF_RECIPIENTS = "recipients";

    private static final Set<Operation> OPERATIONS = Collections.unmodifiableSet(EnumSet.allOf(Operation.class));

    /** The limits of the configuration, clamped to what the protocol can carry. */
    record Limits(int maxBatchItems, int maxPrelicenseRecipients, int maxDnfRecipients) {
        static final Limits DEFAULTS = new Limits(AcquireLicenseRequest.MAX_ITEMS,
                AcquirePreLicenseRequest.MAX_RECIPIENTS, 500);

        Limits {
            maxBatchItems = clamp(maxBatchItems, AcquireLicenseRequest.MAX_ITEMS);
            maxPrelicenseRecipients = clamp(maxPrelicenseRecipients, AcquirePreLicenseRequest.MAX_RECIPIENTS);
            maxDnfRecipients = clamp(maxDnfRecipients, 10_000);
        }

        private static int clamp(int value, int max) {
            return Math.max(1, Math.min(value, max));
        }
    }

    private volatile Limits limits;

    @Activate
    public ExchangeAdapter(ExchangeConfiguration config) {
        modified(config);
    }

    /** An adapter with explicit limits, outside OSGi (tests, tools). */
    public ExchangeAdapter() {
        this(Limits.DEFAULTS);
    }

    ExchangeAdapter(Limits limits) {
        this.limits = limits;
    }

    @Modified
    void modified(ExchangeConfiguration config) {
        this.limits = new Limits(config.max_batch_items(), config.max_prelicense_recipients(),
                config.max_dnf_recipients());
    }

    @Override
    public Workload workload() {
        return Workload.EXCHANGE;
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
                case PUBLISH -> publish(request, current);
                case ACQUIRE_LICENSE -> acquireLicense(request.body(), current);
                case ACQUIRE_PRELICENSE -> acquirePreLicense(request.body(), current);
                case TEMPLATES -> new AdapterResult.Forward(Bodies.templatesBody(request.body()), false, null);
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

    // ---- publishing

    private static AdapterResult publish(WorkloadRequest request, Limits limits) throws Refused {
        Map<String, Object> body = Bodies.object(Bodies.objectText(request.body(), "PublishRequest"), "PublishRequest");
        Object draft = body.get("draft");
        if (draft instanceof Map<?, ?> d && d.containsKey(DNF)) {
            throw Refused.badRequest("PublishRequest.draft.dnf: Do-Not-Forward is asked at the top level of the"
                    + " publish request, {\"draft\":{…},\"dnf\":{\"recipients\":[…]}}, not inside the draft");
        }
        Object dnf = body.remove(DNF);
        Set<String> dnfRecipients = dnf == null ? null : doNotForward(body, dnf, limits);
        PublishRequest parsed;
        try {
            parsed = PublishRequest.fromJson(Bodies.json(body));
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
        if (dnfRecipients != null) {
            requireDoNotForwardOnly(parsed.draft().policy());
        }
        String owner = parsed.draft().owner();
        return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, publisher(owner, request));
    }

    /**
     * Replaces the {@code dnf} extension by its grants in the draft. The draft must not carry a policy of its own:
     * the adapter alone writes a Do-Not-Forward policy, so it cannot carry a right beyond {@link #DNF_RIGHTS}.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> doNotForward(Map<String, Object> body, Object dnf, Limits limits) throws Refused {
        if (!(dnf instanceof Map<?, ?> spec)) {
            throw Refused.badRequest(
                    "PublishRequest.dnf: expected an object {\"recipients\":[\"bob@contoso.com\",…]}");
        }
        for (Object member : spec.keySet()) {
            if (!DNF_RECIPIENTS.equals(member)) {
                throw Refused.badRequest("PublishRequest.dnf." + member + ": unknown member; a Do-Not-Forward"
                        + " request names its recipients only, the rights are always " + names(DNF_RIGHTS));
            }
        }
        Object list = spec.get(DNF_RECIPIENTS);
        if (!(list instanceof List<?> recipients) || recipients.isEmpty()) {
            throw new Refused(400, "dnf_recipients_required", "PublishRequest.dnf.recipients: name at least one"
                    + " recipient of the message (their mail addresses); each of them gets " + names(DNF_RIGHTS));
        }
        Set<String> unique = new LinkedHashSet<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < recipients.size(); i++) {
            String recipient = mailAddress(recipients.get(i), "PublishRequest.dnf.recipients[" + i + "]");
            if (seen.add(recipient)) {
                unique.add(recipient);
            }
        }
        if (unique.size() > limits.maxDnfRecipients()) {
            throw new Refused(413, "too_many_recipients", "this Do-Not-Forward message has " + unique.size()
                    + " recipients; the exchange workload protects for at most " + limits.maxDnfRecipients()
                    + " (max.dnf.recipients): address a distribution group instead of its members");
        }
        if (!(body.get("draft") instanceof Map<?, ?> draft)) {
            throw Refused.badRequest("PublishRequest.draft: missing");
        }
        if (draft.get("policy") != null) {
            throw new Refused(400, "dnf_policy_conflict", "PublishRequest.draft.policy: a Do-Not-Forward request"
                    + " carries no policy of its own; leave it out and the connector grants " + names(DNF_RIGHTS)
                    + " to each recipient in dnf.recipients");
        }
        List<Object> grants = new ArrayList<>();
        List<String> rights = names(DNF_RIGHTS);
        for (String recipient : unique) {
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("principal", recipient);
            grant.put("rights", rights);
            grants.add(grant);
        }
        Map<String, Object> withPolicy = new LinkedHashMap<>((Map<String, Object>) draft);
        withPolicy.put("policy", Map.of("grants", grants));
        body.put("draft", withPolicy);
        return unique;
    }

    /** Belt and braces: what goes out for a Do-Not-Forward request holds no right beyond {@link #DNF_RIGHTS}. */
    private static void requireDoNotForwardOnly(Policy policy) throws Refused {
        if (!(policy instanceof Policy.AdHoc adHoc)) {
            throw new Refused(400, "dnf_policy_conflict", "a Do-Not-Forward request must not name a template");
        }
        for (Grant g : adHoc.grants()) {
            if (!DNF_RIGHTS.containsAll(g.rights())) {
                throw new Refused(400, "dnf_policy_conflict", "a Do-Not-Forward grant may hold only "
                        + names(DNF_RIGHTS) + ", not " + names(g.rights()));
            }
        }
    }

    private static String mailAddress(Object value, String field) throws Refused {
        if (!(value instanceof String s) || s.isBlank()) {
            throw Refused.badRequest(field + ": expected a mail address");
        }
        String address = s.strip();
        int at = address.indexOf('@');
        boolean plain = address.chars().noneMatch(c -> Character.isWhitespace(c) || c == '*' || c == '?');
        if (at <= 0 || at != address.lastIndexOf('@') || at == address.length() - 1 || !plain) {
            throw Refused.badRequest(field + ": '" + s + "' is not a mail address (user@domain, no wildcards)");
        }
        return address;
    }

    /**
     * Exchange protects for the sender: the draft's owner. The cloud accepts an owner other than the calling entry
     * only as the on-behalf-of user, so the owner is sent as such unless it is the Exchange entry itself.
     */
    private static String publisher(String owner, WorkloadRequest request) {
        String entry = request.authorization().entry();
        String account = request.caller().account();
        return owner.equalsIgnoreCase(entry) || owner.equalsIgnoreCase(account) ? null : owner;
    }

    // ---- licensing

    private static AdapterResult acquireLicense(byte[] body, Limits limits) throws Refused {
        String text = Bodies.objectText(body, "AcquireLicenseRequest");
        int items = Bodies.arraySize(Bodies.object(text, "AcquireLicenseRequest"), "items");
        if (items == 0) {
            throw new Refused(400, "items_required", "AcquireLicenseRequest.items: at least one item is required");
        }
        if (items > limits.maxBatchItems()) {
            throw new Refused(413, "too_many_items", "this request asks for " + items + " licenses; the exchange"
                    + " workload accepts at most " + limits.maxBatchItems() + " per request (max.batch.items):"
                    + " split it into batches of " + limits.maxBatchItems() + " or fewer");
        }
        AcquireLicenseRequest parsed;
        try {
            parsed = AcquireLicenseRequest.fromJson(text);
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
        return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), true, commonUser(parsed.items()));
    }

    /** The user every item names, or {@code null} when they do not all name the same one. */
    static String commonUser(List<AcquireLicenseRequest.Item> items) {
        String first = items.get(0).onBehalfOf();
        if (first == null) {
            return null;
        }
        for (AcquireLicenseRequest.Item item : items) {
            if (item.onBehalfOf() == null || !item.onBehalfOf().equalsIgnoreCase(first)) {
                return null;
            }
        }
        return first;
    }

    private static AdapterResult acquirePreLicense(byte[] body, Limits limits) throws Refused {
        String text = Bodies.objectText(body, "AcquirePreLicenseRequest");
        int recipients = Bodies.arraySize(Bodies.object(text, "AcquirePreLicenseRequest"), "recipients");
        if (recipients == 0) {
            throw new Refused(400, "recipients_required",
                    "AcquirePreLicenseRequest.recipients: name at least one recipient of the message");
        }
        if (recipients > limits.maxPrelicenseRecipients()) {
            throw new Refused(413, "too_many_recipients", "this request asks for " + recipients
                    + " pre-licenses; the exchange workload accepts at most " + limits.maxPrelicenseRecipients()
                    + " recipients per request (max.prelicense.recipients): split the recipients over several"
                    + " requests");
        }
        AcquirePreLicenseRequest parsed;
        try {
            parsed = AcquirePreLicenseRequest.fromJson(text);
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
        // Each recipient is licensed on their own rights: a pre-license never asks for super user.
        return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, null);
    }

    private static List<String> names(Set<Right> rights) {
        List<String> out = new ArrayList<>();
        for (Right r : EnumSet.copyOf(rights)) {
            out.add(r.name());
        }
        return out;
    }
}
