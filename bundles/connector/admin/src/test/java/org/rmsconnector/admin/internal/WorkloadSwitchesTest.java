package org.rmsconnector.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.workload.Workload;

class WorkloadSwitchesTest {

    @TempDir
    Path etc;

    @Test
    void readsEnabledAsTheSwitchComponentDoes() {
        assertTrue(WorkloadSwitches.enabled((Object) null), "absent: the default, on");
        assertTrue(WorkloadSwitches.enabled(new String[0]), "empty array: the default");
        assertTrue(WorkloadSwitches.enabled(Boolean.TRUE));
        assertFalse(WorkloadSwitches.enabled(Boolean.FALSE));
        assertTrue(WorkloadSwitches.enabled("true"));
        assertTrue(WorkloadSwitches.enabled("TRUE"));
        assertFalse(WorkloadSwitches.enabled("false"));
        assertFalse(WorkloadSwitches.enabled("yes"), "Boolean.parseBoolean: anything but true is off");
        assertFalse(WorkloadSwitches.enabled(new String[] {"false", "true"}), "first element of an array");
        assertFalse(WorkloadSwitches.enabled(List.of(false)));
    }

    @Test
    void noConfigurationMeansEnabled() throws Exception {
        MemoryConfigAdmin cm = new MemoryConfigAdmin();
        assertTrue(new WorkloadSwitches(cm.service()).enabled(Workload.FCI));
        assertTrue(cm.stored.isEmpty(), "reading creates no configuration");
    }

    @Test
    void disablingCreatesAMultiLocationConfiguration() throws Exception {
        MemoryConfigAdmin cm = new MemoryConfigAdmin();
        WorkloadSwitches switches = new WorkloadSwitches(cm.service());
        switches.set(Workload.SHAREPOINT, false);
        assertEquals("?", cm.locations.get("org.rmsconnector.workload.sharepoint"));
        assertEquals(Boolean.FALSE, cm.stored.get("org.rmsconnector.workload.sharepoint").get("enabled"));
        assertFalse(switches.enabled(Workload.SHAREPOINT));
        assertTrue(switches.enabled(Workload.EXCHANGE));
    }

    @Test
    void keepsOtherPropertiesAndTheValueType() throws Exception {
        MemoryConfigAdmin cm = new MemoryConfigAdmin();
        cm.put("org.rmsconnector.workload.exchange", Map.of("enabled", "true", "max.batch.items", "50"));
        WorkloadSwitches switches = new WorkloadSwitches(cm.service());
        switches.set(Workload.EXCHANGE, false);
        var stored = cm.stored.get("org.rmsconnector.workload.exchange");
        assertEquals("false", stored.get("enabled"), "a String stays a String, as FileInstall wrote it");
        assertEquals("50", stored.get("max.batch.items"));
        assertFalse(switches.enabled(Workload.EXCHANGE));
        switches.set(Workload.EXCHANGE, true);
        assertTrue(switches.enabled(Workload.EXCHANGE));
    }

    @Test
    void writesTheValueIntoTheEtcFileFileInstallMadeItFrom() throws Exception {
        Path cfg = etc.resolve("org.rmsconnector.workload.fci.cfg");
        String original = "# The fci workload on this node.\n# enabled=true is the default\nenabled=true\n"
                + "max.items=7\nlong.value=a\\\n  enabled=not-a-key\n";
        Files.writeString(cfg, original, StandardCharsets.ISO_8859_1);
        MemoryConfigAdmin cm = new MemoryConfigAdmin();
        cm.put("org.rmsconnector.workload.fci", Map.of("enabled", "true", "max.items", "7",
                WorkloadSwitches.FILEINSTALL_FILENAME, cfg.toUri().toString()));
        new WorkloadSwitches(cm.service()).set(Workload.FCI, false);

        assertEquals(original.replace("\nenabled=true\n", "\nenabled=false\n"),
                Files.readString(cfg, StandardCharsets.ISO_8859_1), "only the property line changes");
        assertEquals(cfg.toUri().toString(),
                cm.stored.get("org.rmsconnector.workload.fci").get(WorkloadSwitches.FILEINSTALL_FILENAME));
        try (var files = Files.list(etc)) {
            assertEquals(1, files.count(), "no temporary file is left in etc/");
        }
    }

    @Test
    void appendsThePropertyWhenTheFileHasNone() throws Exception {
        Path cfg = etc.resolve("x.cfg");
        Files.writeString(cfg, "# nothing yet\n", StandardCharsets.ISO_8859_1);
        CfgFile.setProperty(cfg, "enabled", "false");
        assertEquals("# nothing yet\nenabled=false\n", Files.readString(cfg, StandardCharsets.ISO_8859_1));
    }
}
