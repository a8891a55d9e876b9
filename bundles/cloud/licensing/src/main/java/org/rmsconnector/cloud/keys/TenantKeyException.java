package org.rmsconnector.cloud.keys;

/**
 * The tenant key cannot be created, opened or used as configured: a wrong keystore password, a missing or damaged
 * keystore, a keystore holding another key than the tenant's, an HSM that cannot be reached. The message names the
 * keystore and says what to check; the service cannot start without its key.
 */
public final class TenantKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TenantKeyException(String message) {
        super(message);
    }

    public TenantKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
