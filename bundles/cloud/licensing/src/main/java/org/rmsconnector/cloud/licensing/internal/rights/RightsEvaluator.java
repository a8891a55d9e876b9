package org.rmsconnector.cloud.licensing.internal.rights;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateCatalog;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.protocol.Right;

/**
 * Decides what a user may do with protected content, and whether a template may protect new content.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>A template the tenant does not have refuses everyone ({@link RefusalReason#TEMPLATE_UNKNOWN}):
 *     templates are never deleted, only archived, so an unknown id means a forged or foreign license.</li>
 * <li>The owner gets OWNER, even after expiry (as the reference service treats the issuer).</li>
 * <li>With the feature on, super users (named, or members of the super-user group) get OWNER, even after expiry.</li>
 * <li>Everyone else gets exactly what the policy grants: user grants by UPN or mail address, group
 *     grants through nested groups, EVERYONE grants to any user of the tenant directory.</li>
 * <li>Rights granted on expired content are refused ({@link RefusalReason#CONTENT_EXPIRED}).</li>
 * </ol>
 * Archived templates still license content already protected with them.
 */
public final class RightsEvaluator {

    private final TemplateCatalog templates;

    /** @param templates where the current version of a template is looked up at each evaluation */
    public RightsEvaluator(TemplateCatalog templates) {
        this.templates = templates;
    }

    /**
     * Decides a use-license request.
     *
     * @param request    what the content's publishing license says and who asks
     * @param directory  the tenant directory, for group membership and EVERYONE
     * @param superUsers the tenant's super-user configuration
     * @param now        the evaluation time
     */
    public Decision evaluate(LicenseRequest request, Directory directory, SuperUserConfig superUsers, Instant now) {
        Resolved policy;
        // Java 17: no pattern switch yet; Policy is sealed, so these two branches are exhaustive
        if (request.policy() instanceof Policy.FromTemplate t) {
            Optional<Template> template = templates.find(t.templateId());
            if (template.isEmpty()) {
                return new Decision.Refused(RefusalReason.TEMPLATE_UNKNOWN,
                        "The content was protected with template " + t.templateId()
                                + ", which this tenant does not have.");
            }
            Template current = template.get();
            policy = new Resolved(current.grants(),
                    current.expiry().notAfter(request.protectedAt()).orElse(null),
                    current.offlineAccessDays());
        } else {
            Policy.AdHoc a = (Policy.AdHoc) request.policy();
            policy = new Resolved(a.grants(), a.contentNotAfter(), a.offlineAccessDays());
        }

        Set<String> requester = directory.identifiersOf(request.requester());
        Instant offlineUntil = now.plus(Duration.ofDays(policy.offlineAccessDays()));

        if (!disjoint(requester, directory.identifiersOf(request.owner()))) {
            return new Decision.Granted(EnumSet.of(Right.OWNER), offlineUntil, Decision.Basis.OWNER);
        }
        if (isSuperUser(request.requester(), requester, directory, superUsers)) {
            return new Decision.Granted(EnumSet.of(Right.OWNER), offlineUntil, Decision.Basis.SUPER_USER);
        }

        EnumSet<Right> granted = EnumSet.noneOf(Right.class);
        for (Grant g : policy.grants()) {
            boolean applies = switch (g.kind()) {
                case USER -> requester.contains(g.principal());
                case GROUP -> directory.isMember(request.requester(), g.principal());
                case EVERYONE -> directory.containsUser(request.requester());
            };
            if (applies) {
                granted.addAll(g.rights());
            }
        }
        if (granted.isEmpty()) {
            if (!directory.containsUser(request.requester())) {
                return new Decision.Refused(RefusalReason.USER_UNKNOWN,
                        request.requester() + " is not a user of this tenant and is not named by the content's policy.");
            }
            return new Decision.Refused(RefusalReason.NOT_GRANTED,
                    "The content's policy gives " + request.requester() + " no rights.");
        }
        if (policy.notAfter() != null && !now.isBefore(policy.notAfter())) {
            return new Decision.Refused(RefusalReason.CONTENT_EXPIRED,
                    "The content expired at " + policy.notAfter() + ".");
        }
        Instant expiry = policy.notAfter() != null && policy.notAfter().isBefore(offlineUntil)
                ? policy.notAfter() : offlineUntil;
        return new Decision.Granted(granted, expiry, Decision.Basis.POLICY);
    }

    /**
     * Whether new content may be protected with this template.
     *
     * @return empty when it may; otherwise the refusal
     */
    public Optional<Decision.Refused> checkPublishable(Template template) {
        return checkPublishable(template, false);
    }

    /**
     * Whether new content may be protected with this template by this kind of caller.
     *
     * @param withoutUserIdentity the caller is an application acting without a user identity (file
     *                            classification, transport rules), which may use only templates
     *                            published for such applications
     * @return empty when it may; otherwise the refusal
     */
    public Optional<Decision.Refused> checkPublishable(Template template, boolean withoutUserIdentity) {
        if (template.status() == TemplateStatus.ARCHIVED) {
            return Optional.of(new Decision.Refused(RefusalReason.TEMPLATE_ARCHIVED,
                    "Template '" + template.name() + "' is archived: it still opens existing content but cannot protect new content."));
        }
        if (withoutUserIdentity && !template.availableWithoutUserIdentity()) {
            return Optional.of(new Decision.Refused(RefusalReason.TEMPLATE_NOT_FOR_APPLICATIONS,
                    "Template '" + template.name() + "' is not published for applications that do not support user identity."));
        }
        return Optional.empty();
    }

    /** Looks the template up by id, then checks it as {@link #checkPublishable(Template, boolean)} does. */
    public Optional<Decision.Refused> checkPublishable(UUID templateId, boolean withoutUserIdentity) {
        return templates.find(templateId)
                .map(t -> checkPublishable(t, withoutUserIdentity))
                .orElseGet(() -> Optional.of(new Decision.Refused(RefusalReason.TEMPLATE_UNKNOWN,
                        "This tenant has no template " + templateId + ".")));
    }

    private static boolean isSuperUser(String name, Set<String> ids, Directory directory, SuperUserConfig config) {
        if (!config.enabled()) {
            return false;
        }
        if (!disjoint(ids, config.users())) {
            return true;
        }
        return config.group() != null && directory.isMember(name, config.group());
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        for (String s : a) {
            if (b.contains(s)) {
                return false;
            }
        }
        return true;
    }

    private record Resolved(List<Grant> grants, Instant notAfter, int offlineAccessDays) {
    }
}
