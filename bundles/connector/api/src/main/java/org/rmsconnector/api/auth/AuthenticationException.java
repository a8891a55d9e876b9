package org.rmsconnector.api.auth;

/** Credentials of the authenticator's kind were presented but are not acceptable; the message says why. */
public class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
