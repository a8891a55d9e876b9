package org.rmsconnector.transport.internal.registration;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.transport.internal.CloudHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this node as a connector of the tenant (F11). Plain Java, so a command-line tool can run it as well as
 * the transport component:
 * <ol>
 * <li>generates the connector's RSA-3072 key pair;</li>
 * <li>{@code POST <cloud>/_wmcs/admin/connectors {"name","publicJwk"}} as a connector administrator (HTTP Basic,
 * over the same TLS the transport uses); the cloud answers {@code 201 {"id","name","kid","tenantKey"}};</li>
 * <li>pins the tenant public key from that answer: it arrives over the same authenticated, server-verified TLS
 * exchange as the connector id, and it is the key the signed authorized-servers list is checked with from then
 * on;</li>
 * <li>writes the credentials (key pair, id, pinned tenant key) to the encrypted {@link ConnectorCredentialStore},
 * atomically.</li>
 * </ol>
 * The administrator's password is used for this one call and never stored. A tenant key roll-over needs a new
 * registration (delete {@code connector.p12} and register again).
 */
public final class ConnectorRegistration {

    public static final String PATH = "/_wmcs/admin/connectors";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRegistration.class);

    private final CloudHttp http;
    private final Clock clock;
    private final Duration timeout;

    public ConnectorRegistration(CloudHttp http, Clock clock, Duration timeout) {
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Registers and stores the credentials.
     *
     * @param user     a user of the tenant with the connector-admin (or global-admin) role
     * @param password that user's password; the caller clears it
     * @param name     the connector's name in the tenant
     * @throws RegistrationException saying what went wrong and what to do
     * @throws IOException           when the cloud cannot be reached (worth trying again)
     */
    public ConnectorCredentials register(String user, char[] password, String name, ConnectorCredentialStore store)
            throws IOException, InterruptedException {
        if (store.exists()) {
            throw new RegistrationException("this node is already registered (" + store.file() + "); delete that"
                    + " file to register it again");
        }
        KeyPair pair = Keys.generateRsaKeyPair();
        PublicJwk jwk = PublicJwk.of((RSAPublicKey) pair.getPublic());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        try {
            body.put("publicJwk", JSONObjectUtils.parse(jwk.toJson()));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = http.request(PATH)
                .timeout(timeout)
                .header("Authorization", CloudHttp.basic(user, password))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Request-Id", "register-" + Keys.newRandomId())
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)))
                .build();
        HttpResponse<String> response = http.client().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == CloudHttp.PROXY_AUTHENTICATION_REQUIRED) {
            throw new IOException("the outbound proxy refused this node (407): check proxy.user and .proxy.password");
        }
        if (response.statusCode() == 404 || response.statusCode() >= 500) {
            // a cloud service that is still starting (its endpoints not yet registered) or briefly down: try again
            throw new IOException("the cloud service is not ready (HTTP " + response.statusCode() + ")");
        }
        Map<String, Object> answer = json(response);
        if (response.statusCode() != 201) {
            throw new RegistrationException(refusal(user, response.statusCode(), answer), response.statusCode());
        }
        String id = string(answer, "id");
        if (!jwk.kid().equals(answer.get("kid"))) {
            throw new RegistrationException("the cloud registered key " + answer.get("kid") + ", not this node's key "
                    + jwk.kid());
        }
        Object tenantKey = answer.get("tenantKey");
        if (!(tenantKey instanceof Map<?, ?> tk)) {
            throw new RegistrationException("the cloud service registered connector " + id + " but did not name its"
                    + " tenant key (\"tenantKey\"): it is too old to sign the authorized-servers list this connector"
                    + " relies on");
        }
        PublicJwk pinned;
        try {
            @SuppressWarnings("unchecked")
            String tkJson = JSONObjectUtils.toJSONString((Map<String, ?>) tk);
            pinned = PublicJwk.fromJson(tkJson);
        } catch (ProtocolException e) {
            throw new RegistrationException("the cloud's tenant key is unusable: " + e.getMessage());
        }
        ConnectorCredentials credentials = new ConnectorCredentials(id, name, http.base(), pair, pinned,
                clock.instant());
        store.create(credentials);
        LOG.info("registered this node as connector '{}' ({}) with {} as {}; pinned tenant key {}; credentials in {}",
                name, id, http.base(), user, pinned.kid(), store.file());
        return credentials;
    }

    private static String refusal(String user, int status, Map<String, Object> answer) {
        Object code = answer.get("code");
        Object message = answer.get("message");
        String detail = message == null ? "" : " (" + code + ": " + message + ")";
        switch (status) {
            case 401:
                return "the cloud refused " + user + ": wrong user or password" + detail;
            case 403:
                return user + " may not register connectors: it needs the connector-admin role" + detail;
            case 409:
                return "a connector with this name is already registered; choose another connector.name" + detail;
            default:
                return "the cloud refused the registration with HTTP " + status + detail;
        }
    }

    private static Map<String, Object> json(HttpResponse<String> response) {
        if (response.body() == null) {
            return Map.of();
        }
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            if (response.statusCode() == 201) {
                throw new RegistrationException("the cloud's answer is not JSON: " + e.getMessage());
            }
            return Map.of();
        }
    }

    private static String string(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new RegistrationException("the cloud's answer lacks " + name);
        }
        return s;
    }

    /** The registration was refused or its answer is unusable: trying again as it is will not help. */
    public static final class RegistrationException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public RegistrationException(String message) {
            this(message, 0);
        }

        public RegistrationException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The cloud's HTTP status when it refused the registration; 0 when its answer was unusable. */
        public int status() {
            return status;
        }
    }
}
