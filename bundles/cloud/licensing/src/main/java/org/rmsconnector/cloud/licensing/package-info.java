/**
 * The tenant's rights-management operations (service information, certification, publishing, templates, licensing),
 * the in-memory tenant state they read and the cache of unwrapped content keys; the classes that only these use stay
 * package-private.
 */
@Export
@Version("1.0.0")
package org.rmsconnector.cloud.licensing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
