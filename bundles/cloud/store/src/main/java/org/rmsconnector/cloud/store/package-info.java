/** JDBC persistence of the tenant's state, with versioned schema migrations and a pluggable transaction runner. */
@Export
@Version("1.1.0")
package org.rmsconnector.cloud.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
