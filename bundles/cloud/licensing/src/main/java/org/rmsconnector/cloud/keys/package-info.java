/**
 * The tenant key (software keystore or PKCS#11 HSM) and what signs use licenses; all tenant-key operations of the
 * service go through here.
 */
@Export
@Version("1.1.0")
package org.rmsconnector.cloud.keys;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
