package org.rmsconnector.protocol;

import java.net.URI;
import java.util.Objects;
import org.rmsconnector.protocol.jose.Json;

/**
 * What a service (or a connector in front of it) says about itself: the answer the server
 * configuration tool and clients start from.
 *
 * @param tenantId         tenant id
 * @param serviceName      display name of the service
 * @param version          protocol/service version
 * @param certificationUrl where to POST a {@link CertifyRequest}
 * @param licensingUrl     where to POST license requests
 * @param publishingUrl    where to POST a {@link PublishRequest}
 */
public record ServerInfo(String tenantId, String serviceName, String version, URI certificationUrl,
        URI licensingUrl, URI publishingUrl) {

    /** Validates the fields. */
    public ServerInfo {
        Wire.requireText(tenantId, "tenantId");
        Wire.requireText(serviceName, "serviceName");
        Wire.requireText(version, "version");
        Objects.requireNonNull(certificationUrl, "certificationUrl");
        Objects.requireNonNull(licensingUrl, "licensingUrl");
        Objects.requireNonNull(publishingUrl, "publishingUrl");
    }

    /** JSON form. */
    public String toJson() {
        return Json.object()
                .put("tenantId", tenantId)
                .put("serviceName", serviceName)
                .put("version", version)
                .put("certificationUrl", certificationUrl.toString())
                .put("licensingUrl", licensingUrl.toString())
                .put("publishingUrl", publishingUrl.toString())
                .toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static ServerInfo fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "ServerInfo", f -> new ServerInfo(f.string("tenantId"), f.string("serviceName"),
                f.string("version"), f.uri("certificationUrl"), f.uri("licensingUrl"), f.uri("publishingUrl")));
    }
}
