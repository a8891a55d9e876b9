/**
 * The authorized-servers list as the cloud service keeps it: the transport bundle fetches it, keeps it current
 * and offers it here; the authorization bundle decides on it.
 */
@Export
@Version("1.0.0")
package org.rmsconnector.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
