package org.rmsconnector.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.AuthorizedServer.Kind;
import org.rmsconnector.api.workload.Workload;

class PlacementHealthCheckTest {
    static final Set<String> HOST = Set.of("exch01", "exch01.contoso.com");

    @Test
    void recognisesThisHostInEveryFormOfAComputerEntry() {
        for (String account : new String[] {"EXCH01$", "exch01", "CONTOSO\\EXCH01$", "EXCH01$@contoso.com",
            "exch01.contoso.com", "Exch01.Contoso.Com"}) {
            assertTrue(PlacementHealthCheck.namesThisHost(account, HOST), account);
        }
        for (String account : new String[] {"EXCH02$", "exch01.fabrikam.com", "CONTOSO\\", "exch011$", "$"}) {
            assertFalse(PlacementHealthCheck.namesThisHost(account, HOST), account);
        }
        assertTrue(PlacementHealthCheck.namesThisHost("exch01.fabrikam.com", Set.of("exch01")),
                "without our domain, the short name decides");
    }

    @Test
    void warnsWhenTheConnectorRunsOnAnAuthorizedServer() {
        PlacementHealthCheck check = new PlacementHealthCheck(() -> HOST);
        check.policies = () -> Optional.of(policy(new AuthorizedServer("CONTOSO\\EXCH01$", Kind.COMPUTER,
                Workload.EXCHANGE), new AuthorizedServer("SP01$", Kind.COMPUTER, Workload.SHAREPOINT)));
        Result r = check.execute();
        assertEquals(Result.Status.WARN, r.getStatus());
        String m = HttpsCertificateHealthCheckTest.messages(r);
        assertTrue(m.contains("entry 'CONTOSO\\EXCH01$'") && m.contains("install the connector on a separate"), m);
    }

    @Test
    void accountAndGroupEntriesAreNotComputersAndNoListIsAWarning() {
        PlacementHealthCheck check = new PlacementHealthCheck(() -> HOST);
        check.policies = () -> Optional.of(policy(new AuthorizedServer("exch01", Kind.ACCOUNT, Workload.EXCHANGE),
                new AuthorizedServer("EXCH01", Kind.GROUP, Workload.FCI)));
        assertEquals(Result.Status.OK, check.execute().getStatus());
        check.policies = Optional::empty;
        Result none = check.execute();
        assertEquals(Result.Status.WARN, none.getStatus());
        assertTrue(HttpsCertificateHealthCheckTest.messages(none).contains("check the connection to the cloud"));
        check.policies = null;
        assertEquals(Result.Status.WARN, check.execute().getStatus());
    }

    static AuthorizationPolicy policy(AuthorizedServer... entries) {
        return new AuthorizationPolicy(7, List.of(entries), "jws", Instant.now(), false);
    }
}
