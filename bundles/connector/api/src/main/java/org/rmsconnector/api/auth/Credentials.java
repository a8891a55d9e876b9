package org.rmsconnector.api.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * What a request presented to prove who sent it, independent of the servlet API.
 *
 * @param clientCertificates the TLS client certificate chain, leaf first; empty when none was presented
 * @param headers request headers by lower-case name
 * @param remoteAddress the address the request came from
 * @param secureChannel whether the request arrived over TLS
 */
public record Credentials(List<X509Certificate> clientCertificates, Map<String, List<String>> headers,
        String remoteAddress, boolean secureChannel) {
    public Credentials {
        clientCertificates = List.copyOf(clientCertificates);
        headers = Map.copyOf(headers);
    }
}
