package org.rmsconnector.api.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Finds accounts, computers and groups in the on-premises directory. Provided by the authorization bundle. */
@ProviderType
public interface DirectorySearch {

    /**
     * @param text  part of a name (account name, common name, display name); at least 1 character
     * @param limit at most this many (1..200)
     * @throws AdminException {@link AdminException.Reason#UNAVAILABLE} when no directory is configured or it
     *                        cannot be reached; {@link AdminException.Reason#INVALID} for an empty text
     */
    List<DirectoryEntry> search(String text, int limit) throws AdminException;
}
