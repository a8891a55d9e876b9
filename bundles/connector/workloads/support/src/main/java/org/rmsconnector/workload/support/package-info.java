/**
 * What every workload adapter does the same way: reading a request body with the protocol's parser and writing the
 * rewritten one, refusing with a status and a reason, enabling or disabling the adapter component from its
 * configuration, and the URLs of its server configuration. Kept out of the API, which holds no logic.
 */
@Export
@Version("1.1.0")
package org.rmsconnector.workload.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
