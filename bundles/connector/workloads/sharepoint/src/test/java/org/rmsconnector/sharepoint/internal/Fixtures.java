package org.rmsconnector.sharepoint.internal;

import java.nio.charset.StandardCharsets;

import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.workload.support.testing.AdapterFixtures;

/** Requests as a SharePoint server sends them; the rest is shared in {@link AdapterFixtures}. */
final class Fixtures extends AdapterFixtures {
    static final String ACCOUNT = "CONTOSO\\SP01$";
    static final String ENTRY = "CONTOSO\\SharePoint Servers";

    private Fixtures() {
    }

    static WorkloadRequest request(Operation operation, String body) {
        return request(operation, body.getBytes(StandardCharsets.UTF_8));
    }

    static WorkloadRequest request(Operation operation, byte[] body) {
        return request(Workload.SHAREPOINT, ACCOUNT, ENTRY, operation, body);
    }

    static String certify() {
        return certify(ACCOUNT);
    }
}
