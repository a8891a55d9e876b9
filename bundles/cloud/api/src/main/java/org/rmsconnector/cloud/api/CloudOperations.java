package org.rmsconnector.cloud.api;

import java.net.URI;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishResponse;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateList;

/**
 * The rights-management operations of the tenant. Every call is recorded in the usage log, granted or refused.
 * Implementations are thread-safe.
 */
@ProviderType
public interface CloudOperations {

    /** Service information; {@code base} is the URL the caller reached the service at. */
    ServerInfo serverInfo(URI base);

    CertifyResponse certify(CloudCaller caller, CertifyRequest request) throws CloudException;

    PublishResponse publish(CloudCaller caller, PublishRequest request) throws CloudException;

    AcquireLicenseResponse acquireLicense(CloudCaller caller, AcquireLicenseRequest request) throws CloudException;

    AcquirePreLicenseResponse acquirePreLicense(CloudCaller caller, AcquirePreLicenseRequest request)
            throws CloudException;

    /** Published templates the caller may use (FCI and Exchange: only those available without user identity). */
    TemplateList templates(CloudCaller caller) throws CloudException;

    /** One template as JSON, with its grants, expiry and offline days. */
    String template(CloudCaller caller, UUID id) throws CloudException;
}
