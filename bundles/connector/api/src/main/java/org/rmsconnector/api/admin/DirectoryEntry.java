package org.rmsconnector.api.admin;

import org.rmsconnector.api.policy.AuthorizedServer;

/**
 * A directory object an administrator can authorize.
 *
 * @param account     the name an authorized-servers entry uses: {@code user@domain}, {@code HOST$} or the group's
 *                    name
 * @param kind        what it is
 * @param displayName its display name, or the account when none
 * @param dn          its distinguished name
 */
public record DirectoryEntry(String account, AuthorizedServer.Kind kind, String displayName, String dn) {
}
