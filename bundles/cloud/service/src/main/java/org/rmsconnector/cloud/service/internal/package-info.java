/**
 * The cloud service put together, independent of HTTP and OSGi: {@link CloudServiceAssembly} starts the tenant and
 * builds the operations (bundle {@code rms-cloud-licensing}), caller authentication and the administration API; the
 * servlets call them with a {@link org.rmsconnector.cloud.api.CloudCaller} that the authenticator established.
 */
package org.rmsconnector.cloud.service.internal;
