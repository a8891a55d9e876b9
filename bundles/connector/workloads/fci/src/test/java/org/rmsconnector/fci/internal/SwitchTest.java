package org.rmsconnector.fci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.workload.support.testing.SwitchRecorder;

/** The component that applies the enable/disable decision ({@link FciSwitch}) drives this bundle's adapter. */
class SwitchTest {

    @Test
    void theSwitchDrivesTheAdapterComponentByNameAndAnnouncesIt() throws Exception {
        SwitchRecorder recorder = new SwitchRecorder();
        FciSwitch sw = new FciSwitch();
        recorder.injectEventAdmin(sw, "eventAdmin");

        sw.activate(recorder.context(), Map.of());
        sw.modified(Map.of("enabled", "false")); // as a .cfg file gives it
        sw.modified(Map.of("enabled", true));

        // the @Component annotation has CLASS retention, so the NAME and PID constants are the contract
        recorder.assertFollowedOnOffOn("org.rmsconnector.fci.adapter", Workload.FCI);
        assertEquals("org.rmsconnector.fci.adapter", FciAdapter.NAME);
        assertEquals("org.rmsconnector.workload.fci", FciAdapter.PID);
    }
}
