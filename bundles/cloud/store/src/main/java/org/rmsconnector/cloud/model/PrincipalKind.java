package org.rmsconnector.cloud.model;

/** Whom a grant names. */
public enum PrincipalKind {
    /** One user, by UPN or mail address. */
    USER,
    /** Every member of a group, nested groups included. */
    GROUP,
    /** Every user of the tenant directory (not anonymous, not external). */
    EVERYONE
}
