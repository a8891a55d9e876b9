package org.rmsconnector.cloud.service.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.channel.ChannelSession;
import org.rmsconnector.cloud.api.CloudAuthenticator;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.model.AccountKind;
import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.RegisteredConnector;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.cloud.model.User;
import org.rmsconnector.cloud.store.ChannelSessionStore;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.CredentialStore;
import org.rmsconnector.cloud.store.PasswordHash;
import org.rmsconnector.cloud.store.PasswordHasher;
import org.rmsconnector.commons.login.LoginThrottle;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes who calls the service (see docs/cloud-api.md, "Who is calling").
 *
 * <p><b>{@code Basic}</b>: an online user or administrator of the tenant directory with a password. The password
 * is checked against its PBKDF2 hash in constant time; a user without a password, or not in the directory, is
 * refused after the same work as a wrong password. Because PBKDF2 is deliberately slow (~0.1 s), a successful
 * check is remembered for {@value #VERIFIED_TTL_SECONDS} s as an HMAC (with a random per-process key) of the user,
 * the stored hash and the password: changing the password changes the stored hash, so the remembered check stops
 * matching at once.
 *
 * <p><b>{@code RMS-Actor <jws>}</b>: a call a connector forwards. The connector is looked up by the assertion's
 * {@code iss} (in memory: {@link InMemoryLookups}); its registered public key (JWK) verifies the signature — or,
 * in the session form (HS256), the key of the channel session named by {@code kid} ({@link #openSession},
 * {@link ChannelSessions}) verifies the MAC and the assertion must be bound to the request served; the {@code jti} is accepted once (the replay register every node shares,
 * in the database, keeps it until the assertion's expiry plus the clock skew); then the entry is
 * RE-CHECKED against the current authorized-servers list: it must still be listed with the asserted role, and the
 * calling account must be the entry itself or, for a group entry, a member of the group in the tenant directory.
 * Super-user evaluation is granted only to the Exchange role. An assertion without entry and role is the
 * connector speaking for itself (policy synchronization, its console's administration): it gets a caller without a
 * role, which the operations refuse and the administration API accepts only where it says so.
 *
 * <p>Every verified, first-used assertion records that the connector was seen ({@code last_seen}), written at most
 * once per {@link #SEEN_INTERVAL} per connector so a busy connector costs no write per call. Failing to write it
 * never fails the call.
 *
 * <p>Refusals: 401 {@code missing_credentials} (no or unsupported header), {@code bad_credentials} (wrong user or
 * password, or a malformed header or assertion), {@code unknown_connector}, {@code forged_assertion} (bad
 * signature, another key, a forbidden algorithm), {@code expired_assertion} (expired or not yet valid),
 * {@code replayed_assertion}, {@code session_unknown} (open another session); 403 {@code entry_not_authorized} (entry gone, role changed, account not the entry
 * nor a member). When the replay register cannot answer, 503 {@code replay_check_unavailable}: failing closed beats
 * accepting a {@code jti} that may have been used. A session opened at another node is taken over from the database
 * ({@code channel_session}: the connector's signed assertion, the key wrapped for the tenant key) on first sight. Thread-safe.
 *
 * <p>Why one class of about 470 lines: the three forms of credentials (Basic, signed assertion, session assertion)
 * end in the same checks of the same entry, role and replay state, and keeping every refusal of the service's front
 * door in one place is what a security review reads. What could stand alone already does: the sessions
 * ({@code ChannelSessions}), the replay cache and the in-memory look-ups.
 */
public final class CloudAuthenticatorImpl implements CloudAuthenticator {

    /** How long a verified password is remembered. */
    public static final long VERIFIED_TTL_SECONDS = 300;

    /** How stale a connector's recorded {@code last_seen} may become before a call writes it again. */
    public static final Duration SEEN_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(CloudAuthenticatorImpl.class);
    private static final int VERIFIED_CAPACITY = 10_000;
    /** The refusal of a session-form assertion whose session this service does not hold: open another. */
    public static final String SESSION_UNKNOWN = "session_unknown";
    private static final String BASIC = "basic";
    private static final String ACTOR = ActorAssertion.AUTH_SCHEME.toLowerCase(Locale.ROOT);

    private final CloudStore store;
    private final TenantKeys keys;
    private final Clock clock;
    private final InMemoryLookups lookups;
    private final ChannelSessions sessions;
    private final ReplayCache replays;
    /** Failed Basic passwords per source address and per user (docs/security.md). */
    private final LoginThrottle logins;
    private final byte[] verifiedKey = new byte[32];
    // connector id -> the last_seen this process wrote or read; bounded by the number of registered connectors
    private final Map<String, Instant> seenWritten = new ConcurrentHashMap<>();
    private final Map<String, Long> verified = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > VERIFIED_CAPACITY;
        }
    };

    /**
     * @param store connectors, authorized servers, directory, credentials, the shared replay register and sessions
     * @param keys  the tenant key, which unwraps channel-session keys
     * @param clock the time assertions are checked against
     */
    public CloudAuthenticatorImpl(CloudStore store, TenantKeys keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.lookups = new InMemoryLookups(store, System::nanoTime);
        this.sessions = new ChannelSessions(ChannelSessions.DEFAULT_CAPACITY);
        this.replays = new ReplayCache(store.usedAssertions());
        this.logins = new LoginThrottle(LoginThrottle.Settings.DEFAULTS, clock);
        new SecureRandom().nextBytes(verifiedKey);
    }

    @Override
    public CloudCaller authenticate(String authorization, String source, String requestId,
            ActorAssertion.Binding binding) throws CloudException {
        String rid = requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("missing_credentials", "authentication is required: HTTP Basic (users) or "
                    + ActorAssertion.AUTH_SCHEME + " (connectors)");
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        String credentials = space < 0 ? "" : value.substring(space + 1).strip();
        if (scheme.equals(BASIC)) {
            return basic(credentials, source, rid);
        }
        if (scheme.equals(ACTOR)) {
            return actor(credentials, rid, binding);
        }
        throw unauthorized("missing_credentials", "unsupported authorization scheme '" + (space < 0 ? value
                : value.substring(0, space)) + "': use Basic (users) or " + ActorAssertion.AUTH_SCHEME + " (connectors)");
    }

    // ---- Basic -------------------------------------------------------------------------------------------------

    private CloudCaller basic(String encoded, String source, String requestId) throws CloudException {
        char[] text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)));
            text = new char[chars.remaining()];
            chars.get(text);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw unauthorized("bad_credentials", "malformed Basic credentials: expected base64 of user:password");
        }
        int colon = indexOf(text, ':');
        if (colon <= 0) {
            Arrays.fill(text, '\0');
            throw unauthorized("bad_credentials", "malformed Basic credentials: expected user:password");
        }
        String name = new String(text, 0, colon);
        char[] password = Arrays.copyOfRange(text, colon + 1, text.length);
        Arrays.fill(text, '\0');
        Duration wait = logins.waitBefore(source, name);
        if (!wait.isZero()) {
            Arrays.fill(password, '\0');
            long seconds = LoginThrottle.retryAfterSeconds(wait);
            throw new CloudException(429, "throttled", "too many failed logins from this address or for this user;"
                    + " try again in " + seconds + " s", seconds);
        }
        boolean accepted = false;
        try {
            Optional<User> user = store.directory().findUser(name);
            Optional<PasswordHash> stored = user.flatMap(u -> store.credentials().find(u.upn()));
            if (stored.isEmpty() || password.length == 0 || password.length > CredentialStore.MAX_PASSWORD_LENGTH) {
                if (password.length > 0 && password.length <= CredentialStore.MAX_PASSWORD_LENGTH) {
                    PasswordHasher.verifyNothing(password);
                }
                throw unauthorized("bad_credentials", "unknown user or wrong password");
            }
            String upn = user.get().upn();
            if (!checkPassword(upn, stored.get(), password)) {
                throw unauthorized("bad_credentials", "unknown user or wrong password");
            }
            Set<String> roles = store.credentials().roles(upn);
            accepted = true;
            return new CloudCaller(CloudCaller.Kind.USER, upn, upn, null, null, false, null, roles, requestId);
        } finally {
            Arrays.fill(password, '\0');
            if (accepted) {
                logins.succeeded(source, name);
            } else {
                logins.failed(source, name).ifPresent(p -> LOG.warn("repeated failed logins to the cloud service:"
                        + " {} for {} {} (user {}, from {}); the next attempt waits {} ms", p.failures(), p.kind(),
                        p.key(), name, source, p.delay().toMillis()));
            }
        }
    }

    private boolean checkPassword(String upn, PasswordHash stored, char[] password) {
        String memo = memoKey(upn, stored, password);
        long nowNanos = System.nanoTime();
        synchronized (verified) {
            Long until = verified.get(memo);
            if (until != null && until - nowNanos > 0) {
                return true;
            }
            verified.remove(memo);
        }
        if (!PasswordHasher.verify(stored, password)) {
            return false;
        }
        synchronized (verified) {
            verified.put(memo, nowNanos + VERIFIED_TTL_SECONDS * 1_000_000_000L);
        }
        return true;
    }

    private String memoKey(String upn, PasswordHash stored, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(verifiedKey, "HmacSHA256"));
            mac.update(upn.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(stored.salt());
            mac.update(stored.hash());
            mac.update((byte) 0);
            ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[pw.remaining()];
            pw.get(bytes);
            mac.update(bytes);
            Arrays.fill(bytes, (byte) 0);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    private static int indexOf(char[] text, char c) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == c) {
                return i;
            }
        }
        return -1;
    }

    // ---- RMS-Actor ---------------------------------------------------------------------------------------------

    private CloudCaller actor(String compact, String requestId, ActorAssertion.Binding binding)
            throws CloudException {
        if (compact.isEmpty()) {
            throw unauthorized("bad_credentials", "empty actor assertion");
        }
        Instant now = clock.instant();
        String sessionId = ActorAssertion.sessionIdOf(compact);
        RegisteredConnector connector;
        ActorAssertion a;
        if (sessionId != null) {
            if (binding == null) {
                throw unauthorized("bad_credentials", "this endpoint accepts only signed actor assertions");
            }
            ChannelSessions.Session session = sessions.find(sessionId, now)
                    .or(() -> openedElsewhere(sessionId, now))
                    .orElseThrow(() -> unauthorized(SESSION_UNKNOWN, "no channel session '" + sessionId
                            + "' (expired, or its connector was removed): open another"));
            try {
                a = ActorAssertion.verifySession(compact, session.key(), binding, now);
            } catch (ProtocolException e) {
                throw refusal(e);
            } finally {
                Arrays.fill(session.key(), (byte) 0);
            }
            if (!a.connectorId().equals(session.connectorId())) {
                throw unauthorized("forged_assertion", "actor assertion of connector '" + a.connectorId()
                        + "' under a session of another connector");
            }
            connector = lookups.connector(a.connectorId()).orElseThrow(() -> {
                sessions.closeAll(a.connectorId());
                return unauthorized("unknown_connector", "connector '" + a.connectorId() + "' is no longer"
                        + " registered with this tenant");
            });
        } else {
            ActorAssertion claimed;
            try {
                claimed = ActorAssertion.parseUnverified(compact);
            } catch (ProtocolException e) {
                throw refusal(e);
            }
            connector = registered(claimed.connectorId());
            try {
                a = ActorAssertion.verify(compact, connectorKey(connector).publicKey(), now);
            } catch (ProtocolException e) {
                throw refusal(e);
            }
        }
        firstUse(connector, a.connectorId() + "\n" + a.id(), a.expiresAt(), now, "actor assertion " + a.id());
        seen(connector, now);
        if (a.entry() == null) {
            // the connector itself (policy synchronization): no entry, no role, no rights-management operation
            return new CloudCaller(CloudCaller.Kind.CONNECTOR, connector.id(), a.subject(), null, null, false,
                    connector.id(), Set.of(), requestId);
        }
        ServerRole role = ServerRole.parse(a.role());
        AuthorizedServer entry = lookups.authorized(a.entry())
                .orElseThrow(() -> CloudException.forbidden("entry_not_authorized",
                        "'" + a.entry() + "' is not on the authorized-servers list"));
        if (entry.role() != role) {
            throw CloudException.forbidden("entry_not_authorized", "'" + entry.account() + "' is authorized for "
                    + entry.role().name().toLowerCase(Locale.ROOT) + ", not for " + a.role());
        }
        if (!accountMatches(a.subject(), entry)) {
            throw CloudException.forbidden("entry_not_authorized", "account '" + a.subject() + "' is not '"
                    + entry.account() + "'" + (entry.kind() == AccountKind.GROUP ? " nor a member of it" : ""));
        }
        boolean superUser = a.superUser() && role.isSuperUser();
        return new CloudCaller(CloudCaller.Kind.CONNECTOR, entry.account(), a.subject(), role, a.onBehalfOf(),
                superUser, connector.id(), Set.of(), requestId);
    }

    // ---- channel sessions --------------------------------------------------------------------------------------

    @Override
    public ChannelSession.Grant openSession(String compact) throws CloudException {
        if (compact == null || compact.isBlank()) {
            throw unauthorized("bad_credentials", "a session assertion is required");
        }
        if (keys == null) {
            throw new CloudException(503, "sessions_unavailable", "this service opens no channel sessions");
        }
        ChannelSession claimed;
        try {
            claimed = ChannelSession.parseUnverified(compact);
        } catch (ProtocolException e) {
            throw refusal(e);
        }
        RegisteredConnector connector = registered(claimed.connectorId());
        Instant now = clock.instant();
        ChannelSession s;
        byte[] key;
        try {
            s = ChannelSession.verify(compact, connectorKey(connector).publicKey(), now);
            firstUse(connector, s.connectorId() + "\nsession\n" + s.id(), s.expiresAt(), now,
                    "session assertion " + s.id());
            key = s.unwrapKey(keys.privateKey());
        } catch (ProtocolException e) {
            throw refusal(e);
        }
        seen(connector, now);
        String id = sessions.open(connector.id(), key, s.expiresAt(), now);
        try {
            store.channelSessions().save(new ChannelSessionStore.StoredSession(id, connector.id(), compact,
                    s.expiresAt()), now);
        } catch (RuntimeException e) {
            // the session still works at this node; another node answers session_unknown and the connector reopens
            LOG.warn("channel session {} of connector '{}' is not shared with the other nodes: {}", id,
                    connector.name(), e.toString());
        }
        LOG.info("connector '{}' opened channel session {} until {}", connector.name(), id, s.expiresAt());
        return new ChannelSession.Grant(id, s.expiresAt());
    }

    /**
     * A session another node opened (or this one, before it restarted): its connector's signed session assertion
     * from the database, verified again with the connector's key and its key unwrapped with the tenant key — once
     * per session and node; from then on it is held in memory like one opened here.
     */
    private Optional<ChannelSessions.Session> openedElsewhere(String sessionId, Instant now) {
        if (keys == null) {
            return Optional.empty();
        }
        try {
            Optional<ChannelSessionStore.StoredSession> stored = store.channelSessions().find(sessionId, now);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Optional<RegisteredConnector> connector = lookups.connector(stored.get().connectorId());
            if (connector.isEmpty() || connector.get().publicKey() == null) {
                return Optional.empty();
            }
            ChannelSession s = ChannelSession.verify(stored.get().assertion(),
                    connectorKey(connector.get()).publicKey(), now);
            if (!s.connectorId().equals(stored.get().connectorId())) {
                return Optional.empty();
            }
            byte[] key = s.unwrapKey(keys.privateKey());
            sessions.adopt(sessionId, stored.get().connectorId(), key, stored.get().expiresAt(), now);
            return sessions.find(sessionId, now);
        } catch (ProtocolException | CloudException | RuntimeException e) {
            LOG.warn("cannot take over channel session {} from the shared store: {}", sessionId, e.toString());
            return Optional.empty();
        }
    }

    private RegisteredConnector registered(String connectorId) throws CloudException {
        return lookups.connector(connectorId).orElseThrow(() -> unauthorized("unknown_connector",
                "no connector '" + connectorId + "' is registered with this tenant"));
    }

    private static PublicJwk connectorKey(RegisteredConnector connector) throws CloudException {
        if (connector.publicKey() == null) {
            throw unauthorized("unknown_connector", "connector '" + connector.name()
                    + "' has no registered public key to verify actor assertions with");
        }
        try {
            return InMemoryLookups.key(connector);
        } catch (ProtocolException e) {
            throw new CloudException(500, "connector_key_invalid", "the registered key of connector '"
                    + connector.name() + "' is unusable: " + e.getMessage(), e);
        }
    }

    private void firstUse(RegisteredConnector connector, String id, Instant expiresAt, Instant now, String what)
            throws CloudException {
        switch (replays.firstUse(id, expiresAt.plus(ActorAssertion.CLOCK_SKEW), now)) {
            case REPLAYED:
                throw unauthorized("replayed_assertion", what + " of connector '" + connector.name()
                        + "' was used before");
            case UNAVAILABLE:
                throw new CloudException(503, "replay_check_unavailable",
                        "cannot check the assertion for replays (the database does not answer); retry shortly");
            default:
                break;
        }
    }

    /** Records that the connector was seen now, unless it was recorded less than {@link #SEEN_INTERVAL} ago. */
    private void seen(RegisteredConnector connector, Instant now) {
        boolean[] due = {false};
        seenWritten.compute(connector.id(), (id, written) -> {
            Instant last = written != null ? written : connector.lastSeen();
            if (last != null && now.isBefore(last.plus(SEEN_INTERVAL))) {
                return last;
            }
            due[0] = true;
            return now;
        });
        if (!due[0]) {
            return;
        }
        try {
            store.connectors().recordSeen(connector.id(), now);
        } catch (RuntimeException e) {
            // the call itself is authentic: a database hiccup here must not refuse it; the next call tries again
            seenWritten.remove(connector.id(), now);
            LOG.warn("cannot record that connector '{}' was seen: {}", connector.name(), e.toString());
        }
    }

    private boolean accountMatches(String account, AuthorizedServer entry) {
        if (account.equalsIgnoreCase(entry.account())) {
            return true;
        }
        if (entry.kind() != AccountKind.GROUP) {
            return false;
        }
        var directory = store.directory().load();
        if (directory.isMember(account, entry.account())) {
            return true;
        }
        // DOMAIN\HOST$ as Windows names it; the tenant directory may know the account without its domain
        int slash = account.lastIndexOf('\\');
        return slash >= 0 && slash < account.length() - 1
                && directory.isMember(account.substring(slash + 1), entry.account());
    }

    private static CloudException refusal(ProtocolException e) {
        switch (e.reason()) {
            case BAD_SIGNATURE:
            case WRONG_KEY:
            case UNSUPPORTED_ALGORITHM:
            case WEAK_KEY:
                return unauthorized("forged_assertion", "actor assertion refused: " + e.getMessage());
            case BINDING_MISMATCH:
                return unauthorized("forged_assertion", "actor assertion refused: " + e.getMessage());
            case EXPIRED:
            case NOT_YET_VALID:
                return unauthorized("expired_assertion", "actor assertion refused: " + e.getMessage());
            case CRYPTO_FAILURE:
                return new CloudException(500, "crypto_failure", "cannot verify the actor assertion: "
                        + e.getMessage(), e);
            default:
                return unauthorized("bad_credentials", "malformed actor assertion: " + e.getMessage());
        }
    }

    private static CloudException unauthorized(String code, String message) {
        return new CloudException(401, code, message);
    }
}
