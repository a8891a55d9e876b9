/**
 * The cloud service's operations and caller authentication, independent of HTTP and OSGi: the servlets call
 * {@link org.rmsconnector.cloud.internal.service.CloudOperations} and
 * {@link org.rmsconnector.cloud.internal.service.CloudAdmin} with a {@link org.rmsconnector.cloud.internal.service.CloudCaller}
 * that {@link org.rmsconnector.cloud.internal.service.CloudAuthenticator} established.
 */
package org.rmsconnector.cloud.internal.service;
