/**
 * Workload simulators: what an on-premises Exchange, SharePoint or file-classification (FCI) server does with the
 * rights-management service, done through a connector with the {@link org.rmsconnector.client.RmsClient} SDK, so
 * a connector can be exercised end to end without those servers. Part of rmsctl (not exported); driven by
 * {@code rmsctl simulate}.
 */
package org.rmsconnector.rmsctl.simulate;
