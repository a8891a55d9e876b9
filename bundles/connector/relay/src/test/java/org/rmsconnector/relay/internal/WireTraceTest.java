package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.api.transport.ActorContext;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;

class WireTraceTest {

    @TempDir
    Path home;

    private static Inbound inbound(String id, String body) {
        return new Inbound(id, Operation.ACQUIRE_LICENSE, Optional.of(Workload.EXCHANGE),
                new Credentials(List.of(), Map.of(), "10.0.0.5", true), "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesWhatWasReceivedForwardedAndAnsweredByteForByte() throws Exception {
        WireTrace trace = WireTrace.of("log/wire-trace", home, 10, 1024);
        assertTrue(trace.on());
        trace.received(inbound("r-1", "{\"in\":1}"));
        trace.forwarded(new CloudRequest("r-1", Operation.ACQUIRE_LICENSE, "{\"out\":2}".getBytes(
                StandardCharsets.UTF_8), new ActorContext("EXCH01$", "EXCH01$", Workload.EXCHANGE, null, true)));
        trace.answered("r-1", new Answer(200, "application/json", "{\"answer\":3}".getBytes(StandardCharsets.UTF_8),
                Map.of()));
        String text = Files.readString(home.resolve("log/wire-trace/r-1.trace"));
        assertTrue(text.contains("=== received "), text);
        assertTrue(text.contains("{\"in\":1}\n=== forwarded "), text);
        assertTrue(text.contains("account=EXCH01$") && text.contains("superUser=true"), text);
        assertTrue(text.contains("{\"out\":2}\n=== answered "), text);
        assertTrue(text.endsWith("{\"answer\":3}\n"), text);
    }

    @Test
    void isBoundedAndCutsLongBodies() throws Exception {
        WireTrace trace = WireTrace.of("t", home, 2, 4);
        for (int i = 0; i < 5; i++) {
            trace.received(inbound("r" + i, "0123456789"));
            trace.answered("r" + i, new Answer(503, "application/json", new byte[0], Map.of()));
        }
        try (var files = Files.list(home.resolve("t"))) {
            assertEquals(2, files.count());
        }
        String first = Files.readString(home.resolve("t/r0.trace"));
        assertTrue(first.contains("bodyBytes=10 (cut at 4)\n0123\n"), first);
    }

    @Test
    void aCallersRequestIdNeverLeavesTheDirectory() throws Exception {
        WireTrace trace = WireTrace.of("t", home, 10, 100);
        trace.received(inbound("../../etc/passwd", "x"));
        assertTrue(Files.exists(home.resolve("t/.._.._etc_passwd.trace")) || Files.exists(home.resolve(
                "t/r.._.._etc_passwd.trace")));
        assertFalse(Files.exists(home.resolve("etc")));
    }

    @Test
    void offWritesNothing() throws Exception {
        WireTrace off = WireTrace.of("", home, 10, 100);
        assertFalse(off.on());
        off.received(inbound("r", "x"));
        try (var files = Files.list(home)) {
            assertEquals(0, files.count());
        }
    }
}
