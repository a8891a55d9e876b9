/** The cloud service's HTTP endpoints, on the Felix HTTP instance named {@code rms-cloud}. */
package org.rmsconnector.cloud.service.internal.http;
