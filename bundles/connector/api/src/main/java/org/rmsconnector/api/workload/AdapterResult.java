package org.rmsconnector.api.workload;

import java.util.Objects;

/**
 * What a workload adapter decided about a request: forward it to the cloud (possibly transformed), or refuse it.
 */
public sealed interface AdapterResult {

    /**
     * Forward the request.
     *
     * @param body the body to send to the cloud service
     * @param superUser whether the cloud should evaluate the request with super-user rights (Exchange only)
     * @param onBehalfOf the user the server acts for, or {@code null} when it acts as itself
     */
    record Forward(byte[] body, boolean superUser, String onBehalfOf) implements AdapterResult {
        public Forward {
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * Refuse the request without calling the cloud.
     *
     * @param status the HTTP status to answer with (4xx)
     * @param code a stable, machine-readable reason
     * @param message what was wrong and, where there is one, what to do instead
     */
    record Refuse(int status, String code, String message) implements AdapterResult {
        public Refuse {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
