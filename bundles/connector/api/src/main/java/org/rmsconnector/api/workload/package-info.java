/** Workloads (Exchange, SharePoint, FCI), the operations they may call, and the adapter SPI each workload bundle implements. */
@Export
@Version("1.0.0")
package org.rmsconnector.api.workload;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
