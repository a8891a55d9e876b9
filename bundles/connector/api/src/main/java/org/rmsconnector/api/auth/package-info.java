/** Who is calling: authenticators turn transport credentials into a caller; the authorization service decides whether and in which role the caller may use the connector. */
@Export
@Version("1.2.0")
package org.rmsconnector.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
