/** The connector's event catalog: the reference product's ids plus ours above 4000, and the EventAdmin topics they are posted on. */
@Export
@Version("1.2.0")
package org.rmsconnector.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
