/** The node's own lifecycle as others may steer it: draining it before a stop or for maintenance. */
@Export
@Version("1.0.0")
package org.rmsconnector.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
