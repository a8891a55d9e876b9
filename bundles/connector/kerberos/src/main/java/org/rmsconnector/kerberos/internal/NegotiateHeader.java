package org.rmsconnector.kerberos.internal;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.rmsconnector.api.auth.AuthenticationException;

/**
 * The token of an {@code Authorization: Negotiate <base64>} header. Another scheme (Basic, Bearer) or no header is
 * not Kerberos: empty. A Negotiate header that cannot be a Kerberos ticket is refused with the reason: NTLM (which
 * Windows sends inside Negotiate when it cannot get a ticket — the name it used has no SPN, or it is not in the
 * domain), an empty or non-base64 token.
 */
final class NegotiateHeader {
    static final String SCHEME = "Negotiate";
    /** "NTLMSSP\0" in base64: every NTLM message starts so. */
    private static final String NTLM_PREFIX = "TlRMTVNTUA";
    private static final byte[] NTLM_SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    private NegotiateHeader() {
    }

    static Optional<byte[]> token(Map<String, List<String>> headers) throws AuthenticationException {
        List<String> values = headers.getOrDefault("authorization", List.of());
        String negotiate = null;
        for (String value : values) {
            String v = value.trim();
            if (v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                    && (v.length() == SCHEME.length() || v.charAt(SCHEME.length()) == ' ')) {
                if (negotiate != null) {
                    throw new AuthenticationException("the request has two Authorization: Negotiate headers;"
                            + " send one Kerberos ticket");
                }
                negotiate = v.substring(SCHEME.length()).trim();
            }
        }
        if (negotiate == null) {
            return Optional.empty();
        }
        if (negotiate.isEmpty()) {
            throw new AuthenticationException("the Authorization: Negotiate header carries no token; send a"
                    + " Kerberos ticket for the connector's service principal");
        }
        if (negotiate.startsWith(NTLM_PREFIX)) {
            throw ntlm();
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(negotiate);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("the Authorization: Negotiate token is not base64 ("
                    + e.getMessage().toLowerCase(Locale.ROOT) + ")", e);
        }
        if (startsWith(token, NTLM_SIGNATURE)) {
            throw ntlm();
        }
        return Optional.of(token);
    }

    private static AuthenticationException ntlm() {
        return new AuthenticationException("NTLM is not accepted, only Kerberos: the client sent an NTLM token in"
                + " Authorization: Negotiate, which Windows does when it gets no Kerberos ticket for the connector."
                + " Check that the client reaches the connector by the name registered as its SPN (HTTP/<name>),"
                + " that the SPN is on the connector's service account and nowhere else, and that the client is in"
                + " the domain (klist)");
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
