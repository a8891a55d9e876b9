package org.rmsconnector.exchange.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.workload.support.testing.SwitchRecorder;

/** The component that applies the enable/disable decision ({@link ExchangeSwitch}) drives this bundle's adapter. */
class SwitchTest {

    @Test
    void theSwitchDrivesTheAdapterComponentByNameAndAnnouncesIt() throws Exception {
        SwitchRecorder recorder = new SwitchRecorder();
        ExchangeSwitch sw = new ExchangeSwitch();
        recorder.injectEventAdmin(sw, "eventAdmin");

        sw.activate(recorder.context(), Map.of());
        sw.modified(Map.of("enabled", false));
        sw.modified(Map.of("enabled", true));

        // the @Component annotation has CLASS retention, so the NAME and PID constants are the contract
        recorder.assertFollowedOnOffOn("org.rmsconnector.exchange.adapter", Workload.EXCHANGE);
        assertEquals("org.rmsconnector.exchange.adapter", ExchangeAdapter.NAME);
        assertEquals("org.rmsconnector.workload.exchange", ExchangeAdapter.PID);
    }
}
