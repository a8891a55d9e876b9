package org.rmsconnector.cloud.licensing.internal.rights;

/** Why a license or a publishing request was refused; stable codes for logs, events and clients. */
public enum RefusalReason {
    /** The requester is known, but the policy gives them no right. */
    NOT_GRANTED,
    /** The policy grants the requester rights, but the content has expired. */
    CONTENT_EXPIRED,
    /** The content names a template this tenant does not have. */
    TEMPLATE_UNKNOWN,
    /** Publishing only: the template is archived and can no longer protect new content. */
    TEMPLATE_ARCHIVED,
    /** Publishing only: an application without user identity may use only templates published for it. */
    TEMPLATE_NOT_FOR_APPLICATIONS,
    /** The requester is neither named by a grant nor a user of the tenant directory. */
    USER_UNKNOWN
}
