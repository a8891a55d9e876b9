package org.rmsconnector.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.workload.Workload;

class AuthorizedListHealthCheckTest {

    private static PolicySource list(AuthorizedServer... entries) {
        return () -> Optional.of(new AuthorizationPolicy(3, List.of(entries), "jws", Instant.EPOCH, false));
    }

    private static String text(Result r) {
        StringBuilder b = new StringBuilder();
        r.forEach(e -> b.append(e.getMessage()).append('\n'));
        return b.toString();
    }

    @Test
    void criticalWithoutAListOrWithAnEmptyOneAndSaysHowToFixIt() {
        Result none = AuthorizedListHealthCheck.evaluate(Optional::empty);
        assertEquals(Result.Status.CRITICAL, none.getStatus());
        assertTrue(text(none).contains("Fix: check the connection to the cloud"), text(none));
        Result noService = AuthorizedListHealthCheck.evaluate(null);
        assertEquals(Result.Status.CRITICAL, noService.getStatus());
        Result empty = AuthorizedListHealthCheck.evaluate(list());
        assertEquals(Result.Status.CRITICAL, empty.getStatus());
        assertTrue(text(empty).contains("rmsctl admin servers add"), text(empty));
    }

    @Test
    void okWithEntriesCountedPerRole() {
        Result ok = AuthorizedListHealthCheck.evaluate(list(
                new AuthorizedServer("EXCH01$", AuthorizedServer.Kind.COMPUTER, Workload.EXCHANGE),
                new AuthorizedServer("SP01$", AuthorizedServer.Kind.COMPUTER, Workload.SHAREPOINT),
                new AuthorizedServer("SP02$", AuthorizedServer.Kind.COMPUTER, Workload.SHAREPOINT)));
        assertEquals(Result.Status.OK, ok.getStatus());
        assertTrue(text(ok).contains("3 authorized entries in list version 3: {EXCHANGE=1, SHAREPOINT=2}"), text(ok));
    }
}
