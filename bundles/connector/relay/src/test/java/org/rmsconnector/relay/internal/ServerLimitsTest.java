package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.workload.Workload;

class ServerLimitsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void concurrencyIsPerServerAndFreedByRelease() {
        ServerLimits limits = new ServerLimits(new ServerLimits.Limit(2, 0), Map.of(), Map.of(), now::get);
        assertTrue(limits.tryAcquire("EXCH01$", "EXCH01$", Workload.EXCHANGE).isEmpty());
        assertTrue(limits.tryAcquire("exch01$", "EXCH01$", Workload.EXCHANGE).isEmpty(), "accounts ignore case");
        ServerLimits.Refusal third = limits.tryAcquire("EXCH01$", "EXCH01$", Workload.EXCHANGE).orElseThrow();
        assertEquals("concurrency", third.reason());
        assertTrue(limits.tryAcquire("EXCH02$", "EXCH02$", Workload.EXCHANGE).isEmpty(), "another server: its own");
        limits.release("EXCH01$");
        assertTrue(limits.tryAcquire("EXCH01$", "EXCH01$", Workload.EXCHANGE).isEmpty());
    }

    @Test
    void theRateRefillsOverTime() {
        ServerLimits limits = new ServerLimits(new ServerLimits.Limit(0, 10), Map.of(), Map.of(), now::get);
        for (int i = 0; i < 10; i++) {
            assertTrue(limits.tryAcquire("SP01$", "SP01$", Workload.SHAREPOINT).isEmpty(), "burst of one second");
            limits.release("SP01$");
        }
        assertEquals("rate", limits.tryAcquire("SP01$", "SP01$", Workload.SHAREPOINT).orElseThrow().reason());
        now.addAndGet(200_000_000L);   // 0.2 s: two more
        assertTrue(limits.tryAcquire("SP01$", "SP01$", Workload.SHAREPOINT).isEmpty());
        assertTrue(limits.tryAcquire("SP01$", "SP01$", Workload.SHAREPOINT).isEmpty());
        assertTrue(limits.tryAcquire("SP01$", "SP01$", Workload.SHAREPOINT).isPresent());
    }

    @Test
    void theEntryWinsOverTheRoleWhichWinsOverTheDefault() {
        ServerLimits limits = ServerLimits.of(RelayConfigs.of(Map.of("server.max.concurrent", 16,
                "server.max.rate", 500, "server.limits", new String[] {"role:exchange=64/0", "FileServers=4/20"})));
        assertEquals(new ServerLimits.Limit(64, 0), limits.limitFor("ExchangeServers", Workload.EXCHANGE));
        assertEquals(new ServerLimits.Limit(4, 20), limits.limitFor("fileservers", Workload.FCI));
        assertEquals(new ServerLimits.Limit(16, 500), limits.limitFor("SP01$", Workload.SHAREPOINT));
    }

    @Test
    void aBadRuleIsRefusedWithWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerLimits.of(
                RelayConfigs.of(Map.of("server.limits", new String[] {"role:mail=1/1"}))));
        assertTrue(e.getMessage().contains("no role mail"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerLimits.of(
                RelayConfigs.of(Map.of("server.limits", new String[] {"EXCH01$=lots"}))));
        assertTrue(e.getMessage().contains("<concurrent>/<per second>"), e.getMessage());
    }

    @Test
    void aBadRuleKeepsTheLimitsInForce() {
        ServerLimits inForce = ServerLimits.of(RelayConfigs.of(Map.of("server.limits", new String[] {"X$=1/1"})));
        assertEquals(inForce, ServerLimits.orKeep(RelayConfigs.of(Map.of("server.limits", new String[] {"oops"})),
                inForce));
        assertEquals(new ServerLimits.Limit(16, 500), ServerLimits.orKeep(RelayConfigs.of(Map.of("server.limits",
                new String[] {"oops"})), null).limitFor("X$", Workload.EXCHANGE), "at first: the defaults");
    }
}
