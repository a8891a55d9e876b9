/** Wire messages and cryptographic formats of the rights-management protocol. */
@Export
@Version("0.5.0")
package org.rmsconnector.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
