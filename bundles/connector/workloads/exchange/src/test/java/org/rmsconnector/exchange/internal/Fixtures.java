package org.rmsconnector.exchange.internal;

import java.nio.charset.StandardCharsets;

import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.workload.support.testing.AdapterFixtures;

/** Requests as an Exchange server sends them; the rest is shared in {@link AdapterFixtures}. */
final class Fixtures extends AdapterFixtures {
    static final String ACCOUNT = "CONTOSO\\EXCH01$";
    static final String ENTRY = "CONTOSO\\Exchange Servers";

    private Fixtures() {
    }

    static WorkloadRequest request(Operation operation, String body) {
        return request(operation, body.getBytes(StandardCharsets.UTF_8));
    }

    static WorkloadRequest request(Operation operation, byte[] body) {
        return request(Workload.EXCHANGE, ACCOUNT, ENTRY, operation, body);
    }

    static String certify() {
        return certify(ACCOUNT);
    }
}
