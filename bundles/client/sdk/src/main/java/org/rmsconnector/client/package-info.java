/**
 * The client SDK: protect and unprotect content through the cloud rights-management service,
 * directly or through a connector. Start with {@link org.rmsconnector.client.RmsClient#create}.
 */
@Export
@Version("0.5.0")
package org.rmsconnector.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
