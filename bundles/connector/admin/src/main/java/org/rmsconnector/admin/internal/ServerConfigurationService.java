package org.rmsconnector.admin.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.GeneratedConfiguration;
import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.admin.ServerConfigurationGenerator;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.commons.NodeName;

/**
 * Renders a workload's {@link ServerConfiguration} (registered by its adapter bundle) as a .reg file, a Group
 * Policy script or a client properties file, with the tenant's service URL from the {@link CloudConnection}.
 */
@Component(service = ServerConfigurationGenerator.class, configurationPid = AdminConfiguration.PID)
public class ServerConfigurationService implements ServerConfigurationGenerator {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ServerConfiguration> configurations = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CloudConnection cloud;

    private final Supplier<String> frameworkNodeName;
    private volatile AdminConfiguration config;

    @Activate
    public ServerConfigurationService(BundleContext context, AdminConfiguration config) {
        this(() -> context.getProperty(NodeName.PROPERTY), config);
    }

    ServerConfigurationService(Supplier<String> frameworkNodeName, AdminConfiguration config) {
        this.frameworkNodeName = frameworkNodeName;
        this.config = config;
    }

    @Modified
    void modified(AdminConfiguration changed) {
        this.config = changed;
    }

    @Override
    public GeneratedConfiguration generate(Workload workload, URI connectorUrl, Format format)
            throws AdminException {
        if (workload == null || format == null) {
            throw new AdminException(AdminException.Reason.INVALID, "workload and format are required");
        }
        URI connector = ConnectorUrls.parse(connectorUrl == null ? null : connectorUrl.toString(), "connector");
        ServerConfiguration source = find(workload);
        URI serviceUrl = serviceUrl();
        List<RegistryValue> values;
        try {
            Map<String, String> raw = source.registryValues(connector, serviceUrl);
            values = RegistryValue.parseAll(raw);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminException.Reason.INVALID, "the " + workload.id()
                    + " adapter refused the URLs or gave a bad registry value: " + e.getMessage(), e);
        }
        AdminConfiguration c = config;
        URI loadBalanced = loadBalanced(c);
        Set<String> localNames = LocalNames.of(c.node_name(), frameworkNodeName.get());
        List<String> warnings = ConnectorUrls.warnings(connector, localNames, loadBalanced);
        String base = "rms-connector-" + workload.id();
        return switch (format) {
            case REG -> new GeneratedConfiguration(base + ".reg", RegFile.render(values), warnings);
            case PS1 -> new GeneratedConfiguration(base + ".ps1", GpoScript.render(workload, connector, values),
                    warnings);
            case PROPERTIES -> new GeneratedConfiguration(base + ".properties",
                    ClientProperties.render(workload, connector, serviceUrl, values), warnings);
        };
    }

    /** The configured load-balanced URL, or {@code null} when unset or not a usable URL. */
    static URI loadBalanced(AdminConfiguration c) {
        String text = c.loadBalancedUrl();
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ConnectorUrls.parse(text, "loadBalancedUrl");
        } catch (AdminException e) {
            return null;
        }
    }

    private ServerConfiguration find(Workload workload) throws AdminException {
        for (ServerConfiguration c : configurations) {
            if (c.workload() == workload) {
                return c;
            }
        }
        throw new AdminException(AdminException.Reason.NOT_FOUND, "the " + workload.id() + " adapter is not"
                + " installed on this node, so its server configuration is unknown; install its jar in deploy/");
    }

    private URI serviceUrl() throws AdminException {
        CloudConnection connection = cloud;
        CloudStatus status = connection == null ? null : connection.status();
        if (status == null || status.serviceUrl() == null) {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "the tenant's service URL is not known: "
                    + (connection == null ? "the cloud connection (transport bundle) is not running"
                            : "the cloud connection has none yet; check the transport's configuration"));
        }
        return status.serviceUrl();
    }
}
