package org.rmsconnector.authorization.internal;

import java.util.concurrent.CompletionStage;

/**
 * Which groups an account belongs to, directly or through nested groups. An internal service of this bundle: the
 * decision uses it for the group entries of the authorized-servers list.
 */
public interface GroupResolver {

    /**
     * Never blocks and never fails: the stage is complete at once when the answer is known without asking the
     * directory (cached, no directory configured, or the directory in its pause after a failure), and completes on
     * the resolver's own thread otherwise. A directory that cannot be reached gives the last membership known for
     * the account, or none.
     *
     * @param account the caller's account as authenticated
     */
    CompletionStage<Membership> membership(String account);
}
