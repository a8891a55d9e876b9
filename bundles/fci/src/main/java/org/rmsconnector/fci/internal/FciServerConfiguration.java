package org.rmsconnector.fci.internal;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;

/**
 * The registry values a Windows file server using File Classification Infrastructure (the MSDRM client) needs to
 * use this connector, as Microsoft documents them for the RMS connector ("File server and File Classification
 * Infrastructure registry settings"): both MSDRM service locations name the connector, so the tenant's URL is not
 * needed. A component of its own, always active, so the configuration can be generated before the workload is
 * enabled.
 */
@Component(service = ServerConfiguration.class, property = WorkloadAdapter.WORKLOAD_PROPERTY + "=fci")
public class FciServerConfiguration implements ServerConfiguration {
    static final String MSDRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\";

    @Override
    public Workload workload() {
        return Workload.FCI;
    }

    /**
     * @param serviceUrl not used (the file server only talks to the connector); {@code null} is accepted, a
     *                   malformed one is still refused so a caller's mistake does not go unnoticed
     */
    @Override
    public Map<String, String> registryValues(URI connectorUrl, URI serviceUrl) {
        String connector = base(connectorUrl, "connectorUrl");
        if (serviceUrl != null) {
            base(serviceUrl, "serviceUrl");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put(MSDRM + "EnterprisePublishing\\(Default)", connector + "/_wmcs/licensing");
        values.put(MSDRM + "Activation\\(Default)", connector + "/_wmcs/certification");
        return Collections.unmodifiableMap(values);
    }

    /**
     * {@code scheme://host[:port]} of an absolute http(s) URL, the scheme kept as given (http stays http).
     *
     * @throws IllegalArgumentException for anything else, naming {@code name}
     */
    static String base(URI url, String name) {
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new IllegalArgumentException(name + ": expected an absolute http(s) URL such as"
                    + " https://rmsconnector.contoso.com, got " + url);
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !"/".equals(path) || url.getRawQuery() != null
                || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + ": give scheme, host and port only (the paths under /_wmcs"
                    + " are fixed), got " + url);
        }
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
