/**
 * Workload simulators: what an on-premises Exchange, SharePoint or file-classification (FCI) server does with the
 * rights-management service, done through a connector with the {@link org.rmsconnector.client.RmsClient} SDK, so
 * a connector can be exercised end to end without those servers. Driven by {@code rmsctl simulate}, whose
 * commands stay in rmsctl; nothing here knows the command line.
 */
@Export
@Version("1.0.0")
package org.rmsconnector.simulators;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
