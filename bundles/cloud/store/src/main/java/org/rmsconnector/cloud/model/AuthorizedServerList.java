package org.rmsconnector.cloud.model;

import java.util.List;

/**
 * The authorized-servers list as of one version; connector nodes compare versions to know whether theirs is current.
 *
 * @param version increases with every change
 * @param entries the entries, ordered by account
 */
public record AuthorizedServerList(long version, List<AuthorizedServer> entries) {

    /** Copies the entries. */
    public AuthorizedServerList {
        entries = List.copyOf(entries);
    }
}
