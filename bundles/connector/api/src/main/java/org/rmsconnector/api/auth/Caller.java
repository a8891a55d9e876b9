package org.rmsconnector.api.auth;

import java.util.Objects;

/**
 * An authenticated caller.
 *
 * @param account the account name: a user principal name, or a computer account such as {@code EXCH01$}
 * @param remoteAddress the address the request came from
 * @param mechanism how the caller was authenticated, e.g. {@code client-certificate} or {@code kerberos}
 * @param secureChannel whether the request arrived over TLS
 */
public record Caller(String account, String remoteAddress, String mechanism, boolean secureChannel) {
    public Caller {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(mechanism, "mechanism");
    }
}
