package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.RelayStatistics;
import org.rmsconnector.api.admin.WorkloadControl;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each workload's switch, adapter and traffic, and the installation of adapter jars, on the same configurations
 * and {@code deploy/} folder the rest of the connector uses. It keeps no state of its own.
 */
@Component(service = WorkloadControl.class, configurationPid = AdminConfiguration.PID)
@Designate(ocd = AdminConfiguration.class)
public class WorkloadControlService implements WorkloadControl {
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadControlService.class);
    private static final WorkloadTraffic NO_TRAFFIC = new WorkloadTraffic(0, 0, 0, 0, 0);

    @Reference(service = WorkloadAdapter.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ServiceReference<WorkloadAdapter>> adapters = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RelayStatistics statistics;

    private final WorkloadSwitches switches;
    private final Function<String, String> frameworkProperty;
    private final Supplier<Bundle[]> bundles;
    private volatile AdminConfiguration config;

    @Activate
    public WorkloadControlService(@Reference ConfigurationAdmin configurationAdmin, BundleContext context,
            AdminConfiguration config) {
        this(configurationAdmin, context::getProperty, context::getBundles, config);
    }

    WorkloadControlService(ConfigurationAdmin configurationAdmin, Function<String, String> frameworkProperty,
            Supplier<Bundle[]> bundles, AdminConfiguration config) {
        this.switches = new WorkloadSwitches(configurationAdmin);
        this.frameworkProperty = frameworkProperty;
        this.bundles = bundles;
        this.config = config;
    }

    @Modified
    void modified(AdminConfiguration changed) {
        this.config = changed;
    }

    @Override
    public List<WorkloadState> workloads() {
        RelayStatistics stats = statistics;
        Map<Workload, WorkloadTraffic> traffic = stats == null ? Map.of() : stats.traffic();
        List<WorkloadState> states = new ArrayList<>();
        for (Workload w : Workload.values()) {
            Bundle bundle = adapterBundle(w);
            boolean enabled;
            try {
                enabled = switches.enabled(w);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read configuration " + WorkloadSwitches.pid(w), e);
            }
            states.add(new WorkloadState(w, enabled, available(w), bundle == null ? null : bundle.getSymbolicName(),
                    bundle == null ? null : bundle.getVersion().toString(),
                    bundle == null ? null : stateName(bundle.getState()), traffic.getOrDefault(w, NO_TRAFFIC)));
        }
        return states;
    }

    @Override
    public void enable(Workload workload) throws AdminException {
        set(workload, true);
    }

    @Override
    public void disable(Workload workload) throws AdminException {
        set(workload, false);
    }

    private void set(Workload workload, boolean enabled) throws AdminException {
        try {
            switches.set(workload, enabled);
        } catch (IOException | IllegalStateException e) {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "could not save configuration "
                    + WorkloadSwitches.pid(workload) + ": " + e.getMessage(), e);
        }
        LOG.info("the {} workload is now {} (configuration {})", workload.id(), enabled ? "enabled" : "disabled",
                WorkloadSwitches.pid(workload));
    }

    @Override
    public String install(String fileName, InputStream jar) throws AdminException {
        AdminConfiguration c = config;
        Path folder = deployFolder(c);
        long max = Math.max(1, c.adapter_max_size_mb()) * 1024L * 1024L;
        try {
            List<Path> removed = new DeployFolder(folder).install(fileName, jar, max,
                    new LinkedHashSet<>(List.of(c.adapter_symbolic_names())));
            LOG.info("installed adapter jar {} in {}{}", fileName, folder,
                    removed.isEmpty() ? "" : ", replacing " + removed);
            return fileName;
        } catch (IOException e) {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "could not write " + fileName + " to "
                    + folder + ": " + e.getMessage(), e);
        }
    }

    Path deployFolder(AdminConfiguration c) throws AdminException {
        String configured = c.deploy_dir();
        String dir = configured == null || configured.isBlank() ? frameworkProperty.apply(FILEINSTALL_DIR)
                : configured.trim();
        if (dir == null || dir.isBlank()) {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "no deploy folder is known: the "
                    + FILEINSTALL_DIR + " framework property is not set; set deploy.dir in etc/"
                    + AdminConfiguration.PID + ".cfg");
        }
        return Path.of(dir);
    }

    private boolean available(Workload w) {
        for (ServiceReference<WorkloadAdapter> ref : adapters) {
            if (w.id().equals(ref.getProperty(WorkloadAdapter.WORKLOAD_PROPERTY))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bundle of the registered adapter; when none is registered (switched off, not resolved), the installed
     * bundle named {@code org.rmsconnector.<id>}, as the shipped adapters are.
     */
    private Bundle adapterBundle(Workload w) {
        for (ServiceReference<WorkloadAdapter> ref : adapters) {
            Bundle b = ref.getBundle();
            if (b != null && w.id().equals(ref.getProperty(WorkloadAdapter.WORKLOAD_PROPERTY))) {
                return b;
            }
        }
        Set<String> names = Set.of("org.rmsconnector." + w.id());
        for (Bundle b : bundles.get()) {
            if (names.contains(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                return b;
            }
        }
        return null;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
