/**
 * Wire messages and cryptographic formats of the rights-management protocol: licences, certificates, keys. The
 * protected-file container is {@code org.rmsconnector.protectedfile} (bundle {@code rms-protected-file}), the
 * connector-cloud channel's actor assertion, channel session and signed policy are {@code org.rmsconnector.channel}
 * (bundle {@code rms-channel}); their types left this package in 1.0.0.
 */
@Export
@Version("1.0.0")
package org.rmsconnector.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
