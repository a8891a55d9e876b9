/** The connector's channel to the cloud service: one provider forwards each authorized request with the signed actor context. */
@Export
@Version("1.0.0")
package org.rmsconnector.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
