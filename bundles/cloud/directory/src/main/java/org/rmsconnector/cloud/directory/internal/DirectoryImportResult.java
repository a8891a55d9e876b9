package org.rmsconnector.cloud.directory.internal;

import java.util.List;
import org.rmsconnector.cloud.model.Directory;

/**
 * What an import read.
 *
 * @param directory the users and groups found
 * @param pages     how many result pages were read (users and groups together)
 * @param warnings  entries that were skipped and why, for the administrator
 */
public record DirectoryImportResult(Directory directory, int pages, List<String> warnings) {

    /** Copies the warnings. */
    public DirectoryImportResult {
        warnings = List.copyOf(warnings);
    }
}
