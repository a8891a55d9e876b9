/**
 * The protected-file container: a header that carries the publishing license, then the content as AES-256-GCM
 * chunks with a final-chunk marker (no truncation, no reordering), read and written as streams or, in parallel, on
 * file channels. The licences and keys it carries are {@code org.rmsconnector.protocol}'s.
 */
@Export
@Version("1.0.0")
package org.rmsconnector.protectedfile;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
