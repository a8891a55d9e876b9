package org.rmsconnector.admin.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.RelayStatistics;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.Configs;

class WorkloadControlServiceTest {

    @TempDir
    Path home;
    Path deploy;
    MemoryConfigAdmin cm;
    Map<String, String> frameworkProperties;
    Bundle[] installed;
    WorkloadControlService control;

    @BeforeEach
    void setUp() throws Exception {
        deploy = Files.createDirectory(home.resolve("deploy"));
        cm = new MemoryConfigAdmin();
        frameworkProperties = new HashMap<>(Map.of(WorkloadControlService.FILEINSTALL_DIR, deploy.toString()));
        installed = new Bundle[0];
        control = new WorkloadControlService(cm.service(), frameworkProperties::get, () -> installed,
                Configs.of(AdminConfiguration.class, Map.of("adapter.max.size.mb", 1)));
    }

    @Test
    void listsEveryWorkloadWithSwitchAdapterBundleAndTraffic() {
        cm.put("org.rmsconnector.workload.sharepoint", Map.of("enabled", "false"));
        Bundle exchange = Fakes.bundle("org.rmsconnector.exchange", "1.2.3", Bundle.ACTIVE);
        control.adapters = List.of(Fakes.reference(exchange, Map.of("rms.workload", "exchange")));
        installed = new Bundle[] {exchange, Fakes.bundle("org.rmsconnector.sharepoint", "1.0.0", Bundle.RESOLVED)};
        WorkloadTraffic traffic = new WorkloadTraffic(5, 1, 2, 0, 12.5);
        control.statistics = statistics(Map.of(Workload.EXCHANGE, traffic));

        List<WorkloadState> states = control.workloads();

        assertEquals(3, states.size());
        WorkloadState ex = states.get(0);
        assertEquals(new WorkloadState(Workload.EXCHANGE, true, true, "org.rmsconnector.exchange", "1.2.3", "ACTIVE",
                traffic), ex);
        WorkloadState sp = states.get(1);
        assertEquals(new WorkloadState(Workload.SHAREPOINT, false, false, "org.rmsconnector.sharepoint", "1.0.0",
                "RESOLVED", new WorkloadTraffic(0, 0, 0, 0, 0)), sp, "switched off: bundle found by its name");
        WorkloadState fci = states.get(2);
        assertTrue(fci.enabled());
        assertFalse(fci.available());
        assertNull(fci.bundle(), "not installed");
    }

    @Test
    void enableAndDisableChangeTheSwitch() throws Exception {
        control.disable(Workload.FCI);
        assertFalse(control.workloads().get(2).enabled());
        assertEquals(Boolean.FALSE, cm.stored.get("org.rmsconnector.workload.fci").get("enabled"));
        control.enable(Workload.FCI);
        assertTrue(control.workloads().get(2).enabled());
    }

    @Test
    void installsAJarAndReplacesTheOtherJarOfTheSameBundle() throws Exception {
        Files.write(deploy.resolve("rms-exchange-1.0.jar"), TestJars.adapter("org.rmsconnector.exchange", "1.0"));
        byte[] fci = TestJars.adapter("org.rmsconnector.fci", "1.0");
        Files.write(deploy.resolve("rms-fci.jar"), fci);
        Files.writeString(deploy.resolve("notes.txt"), "kept");
        byte[] v2 = TestJars.adapter("org.rmsconnector.exchange", "2.0");

        String written = control.install("rms-exchange-2.0.jar", new ByteArrayInputStream(v2));

        assertEquals("rms-exchange-2.0.jar", written);
        assertEquals(new TreeSet<>(List.of("notes.txt", "rms-exchange-2.0.jar", "rms-fci.jar")), names(deploy));
        assertArrayEquals(v2, Files.readAllBytes(deploy.resolve("rms-exchange-2.0.jar")));
        assertArrayEquals(fci, Files.readAllBytes(deploy.resolve("rms-fci.jar")), "another bundle is untouched");
        assertEquals(new TreeSet<>(List.of("deploy")), names(home), "nothing is left next to deploy/");
    }

    @Test
    void aJarOfTheSameNameIsReplacedInPlace() throws Exception {
        Files.write(deploy.resolve("rms-fci.jar"), TestJars.adapter("org.rmsconnector.fci", "1.0"));
        byte[] v2 = TestJars.adapter("org.rmsconnector.fci", "2.0");
        control.install("rms-fci.jar", new ByteArrayInputStream(v2));
        assertArrayEquals(v2, Files.readAllBytes(deploy.resolve("rms-fci.jar")));
        assertEquals(1, names(deploy).size());
    }

    @Test
    void refusesBadFileNames() {
        for (String name : new String[] {"../rms.jar", "a/b.jar", "rms.zip", ".hidden.jar", "rms jar.jar", "",
            "x.jar/", "C:\\x.jar"}) {
            AdminException e = assertThrows(AdminException.class,
                    () -> control.install(name, new ByteArrayInputStream(new byte[1])), name);
            assertEquals(AdminException.Reason.INVALID, e.reason(), name);
            assertTrue(e.getMessage().startsWith("file:"), e.getMessage());
        }
    }

    @Test
    void refusesWhatIsNotAnAllowedAdapterAndChangesNothing() throws Exception {
        byte[] existing = TestJars.adapter("org.rmsconnector.exchange", "1.0");
        Files.write(deploy.resolve("rms-exchange.jar"), existing);
        assertInvalid("not a jar", "hello".getBytes(), "not a jar");
        assertInvalid("no symbolic name", TestJars.jar(null, "1.0", TestJars.ADAPTER_CAPABILITY),
                "no Bundle-SymbolicName");
        assertInvalid("not allowed", TestJars.jar("com.example.evil", "1.0", TestJars.ADAPTER_CAPABILITY),
                "not a known workload adapter");
        assertInvalid("no adapter service", TestJars.jar("org.rmsconnector.exchange", "3.0",
                "osgi.service;objectClass:List<String>=\"org.rmsconnector.api.workload.WorkloadAdapterX\""),
                "does not declare");
        assertInvalid("too large", new byte[1024 * 1024 + 1], "larger than");
        assertInvalid("empty", new byte[0], "empty");
        assertEquals(new TreeSet<>(List.of("rms-exchange.jar")), names(deploy));
        assertArrayEquals(existing, Files.readAllBytes(deploy.resolve("rms-exchange.jar")));
        assertEquals(new TreeSet<>(List.of("deploy")), names(home), "every staged upload was removed");
    }

    @Test
    void theDeployFolderComesFromTheAdminConfigurationBeforeTheFrameworkProperty() throws Exception {
        Path other = Files.createDirectory(home.resolve("adapters"));
        control.modified(Configs.of(AdminConfiguration.class, Map.of("deploy.dir", other.toString())));
        control.install("a.jar", new ByteArrayInputStream(TestJars.adapter("org.rmsconnector.fci", "1")));
        assertTrue(Files.exists(other.resolve("a.jar")));
        assertEquals(0, names(deploy).size());

        control.modified(Configs.of(AdminConfiguration.class, Map.of()));
        frameworkProperties.clear();
        AdminException e = assertThrows(AdminException.class,
                () -> control.install("a.jar", new ByteArrayInputStream(new byte[1])));
        assertEquals(AdminException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("deploy.dir"), e.getMessage());
    }

    private void assertInvalid(String what, byte[] jar, String expected) {
        AdminException e = assertThrows(AdminException.class,
                () -> control.install("rms-new.jar", new ByteArrayInputStream(jar)), what);
        assertEquals(AdminException.Reason.INVALID, e.reason(), what);
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }

    static TreeSet<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors
                    .toCollection(TreeSet::new));
        }
    }

    static RelayStatistics statistics(Map<Workload, WorkloadTraffic> traffic) {
        return new RelayStatistics() {
            @Override
            public Map<Workload, WorkloadTraffic> traffic() {
                return traffic;
            }

            @Override
            public List<TrafficSample> history() {
                return List.of();
            }

            @Override
            public Duration policyAge() {
                return null;
            }
        };
    }
}
