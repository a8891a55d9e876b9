package org.rmsconnector.workload.support;

import org.rmsconnector.api.workload.AdapterResult;

/**
 * A request the adapter will not forward. Thrown from deep inside the checks and turned into an
 * {@link AdapterResult.Refuse} at the top of {@code handle}; it carries no stack trace because it is an answer,
 * not a failure.
 */
public final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient AdapterResult.Refuse refuse;

    public Refused(int status, String code, String message) {
        super(message, null, false, false);
        this.refuse = new AdapterResult.Refuse(status, code, message);
    }

    public static Refused badRequest(String message) {
        return new Refused(400, "bad_request", message);
    }

    public AdapterResult.Refuse refuse() {
        return refuse;
    }
}
