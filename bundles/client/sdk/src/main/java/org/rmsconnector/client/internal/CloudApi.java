package org.rmsconnector.client.internal;

import org.rmsconnector.client.RmsClientException;
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
 * The service's rights-management endpoints, as the client uses them. One implementation
 * speaks HTTP; the seam exists so the client's logic does not know about HTTP.
 */
public interface CloudApi {

    /** {@code GET /_wmcs/licensing/server.asmx}, unauthenticated. */
    ServerInfo serverInfo() throws RmsClientException;

    /** {@code GET /_wmcs/licensing/templatedistribution.asmx}. */
    TemplateList templates() throws RmsClientException;

    /** {@code POST /_wmcs/certification/certification.asmx}. */
    CertifyResponse certify(CertifyRequest request) throws RmsClientException;

    /** {@code POST /_wmcs/licensing/publish.asmx}. */
    PublishResponse publish(PublishRequest request) throws RmsClientException;

    /**
     * Publishing with extra members in the request body, for a workload that needs them (the FCI connector wants the
     * protected document declared: {@code document}).
     */
    default PublishResponse publish(PublishRequest request, java.util.Map<String, Object> extensions)
            throws RmsClientException {
        if (extensions.isEmpty()) {
            return publish(request);
        }
        throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "this endpoint takes no request extensions");
    }

    /** {@code POST /_wmcs/licensing/license.asmx}. */
    AcquireLicenseResponse acquireLicense(AcquireLicenseRequest request) throws RmsClientException;

    /** {@code POST /_wmcs/licensing/prelicense.asmx}: use licenses for recipients, wrapped to their keys. */
    AcquirePreLicenseResponse acquirePreLicense(AcquirePreLicenseRequest request) throws RmsClientException;

    /**
     * A call to the cloud service's administration API ({@code /_wmcs/admin/} + {@code path}) with this client's
     * credentials: the answer's JSON members. Content tracking and revocation use it.
     */
    default java.util.Map<String, Object> admin(String method, String path, String body) throws RmsClientException {
        throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "this endpoint has no administration API");
    }
}
