package org.rmsconnector.authorization.internal;

/**
 * Which groups an account belongs to, directly or through nested groups. An internal service of this bundle: the
 * decision uses it for the group entries of the authorized-servers list.
 */
public interface GroupResolver {

    /**
     * Never fails: a directory that cannot be reached gives the last membership known for the account, or none.
     *
     * @param account the caller's account as authenticated
     */
    Membership membership(String account);
}
