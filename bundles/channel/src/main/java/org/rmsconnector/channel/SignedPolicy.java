package org.rmsconnector.channel;

import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Jose;
import org.rmsconnector.protocol.jose.Json;

/**
 * The authorized-servers list as the tenant signed it: a JWS, {@code typ} {@value #TYPE}, signed by the tenant key.
 * The cloud service returns it with every list and change-feed answer; a connector verifies it with the tenant key
 * it pinned at registration, decides on the signed entries only, and keeps the latest one on disk as its
 * last-known-good copy, so a node restarting while the cloud is unreachable still authorizes, and nobody who can
 * write that file (but lacks the tenant key) can add an entry.
 *
 * <pre>
 * {"alg":"PS256","typ":"rms-policy+jwt","kid":"&lt;tenant key thumbprint&gt;"}
 * {"ver":1,"iss":"&lt;tenant id&gt;","version":42,
 *  "entries":[{"account":"EXCH01$","kind":"computer","role":"exchange"},
 *             {"account":"CONTOSO\\SharePoint Servers","kind":"group","role":"sharepoint"}],
 *  "iat":1795600800}
 * </pre>
 *
 * <p>Verification checks the signature, {@code typ}, {@code ver} and the claims; it does not judge freshness (a
 * list has no expiry): the version, which only grows, and the issue time are the consumer's to weigh.
 */
public final class SignedPolicy {

    /** JWS {@code typ} header value. */
    public static final String TYPE = "rms-policy+jwt";
    /** Claims version ({@code ver}). */
    public static final int VERSION = 1;
    /** Entry kind: a user or service account. */
    public static final String KIND_ACCOUNT = "account";
    /** Entry kind: a computer account ({@code HOST$}). */
    public static final String KIND_COMPUTER = "computer";
    /** Entry kind: a group, whose members share one identity. */
    public static final String KIND_GROUP = "group";
    /** Most entries a list may carry: far above real lists, low enough to refuse a flood. */
    public static final int MAX_ENTRIES = 10_000;

    private static final Set<String> KINDS = Set.of(KIND_ACCOUNT, KIND_COMPUTER, KIND_GROUP);
    private static final Set<String> ROLES = Set.of(ServerCertificate.ROLE_EXCHANGE,
            ServerCertificate.ROLE_SHAREPOINT, ServerCertificate.ROLE_FCI);
    private static final String WHAT = "signed policy";

    /**
     * One entry of the list.
     *
     * @param account the account, computer ({@code HOST$}) or group name as the administrator wrote it
     * @param kind    {@value #KIND_ACCOUNT}, {@value #KIND_COMPUTER} or {@value #KIND_GROUP}
     * @param role    {@code exchange}, {@code sharepoint} or {@code fci}
     */
    public record Entry(String account, String kind, String role) {

        /** Validates the entry. */
        public Entry {
            Checks.requireText(account, "account");
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("kind must be one of " + KINDS + ", got " + kind);
            }
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("role must be one of " + ROLES + ", got " + role);
            }
        }

        Map<String, Object> toMap() {
            return Json.object().put("account", account).put("kind", kind).put("role", role).map();
        }
    }

    private final String issuer;
    private final long version;
    private final List<Entry> entries;
    private final Instant issuedAt;
    private final String tenantKid;
    private final String compact;

    private SignedPolicy(String issuer, long version, List<Entry> entries, Instant issuedAt, String tenantKid,
            String compact) {
        this.issuer = issuer;
        this.version = version;
        this.entries = entries;
        this.issuedAt = issuedAt;
        this.tenantKid = tenantKid;
        this.compact = compact;
    }

    /**
     * Signs a list (cloud side).
     *
     * @param issuer   the tenant id ({@code iss})
     * @param version  the list's version, at least 0
     * @param entries  the entries; an account appears at most once (case-insensitively)
     * @param issuedAt the signing time ({@code iat}), truncated to seconds
     */
    public static SignedPolicy issue(PrivateKey tenantPrivateKey, String tenantKid, String issuer, long version,
            List<Entry> entries, Instant issuedAt) throws ProtocolException {
        Checks.requireText(issuer, "issuer");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
        List<Entry> copy = List.copyOf(entries);
        if (copy.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " entries");
        }
        String duplicate = firstDuplicate(copy);
        if (duplicate != null) {
            throw new IllegalArgumentException("account " + duplicate + " appears twice");
        }
        Instant iat = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        List<Object> list = new ArrayList<>(copy.size());
        for (Entry e : copy) {
            list.add(e.toMap());
        }
        Json claims = Json.object()
                .put("ver", VERSION)
                .put("iss", issuer)
                .put("version", version)
                .put("entries", list)
                .put("iat", iat);
        String compact = Jose.sign(claims.map(), TYPE, tenantPrivateKey, tenantKid);
        return new SignedPolicy(issuer, version, copy, iat, tenantKid, compact);
    }

    /**
     * Verifies a list with the tenant key: compact form, algorithm, {@code typ} ({@link Reason#WRONG_TYPE}),
     * signature ({@link Reason#BAD_SIGNATURE}, or {@link Reason#WRONG_KEY} when it names another key), {@code ver}
     * and the claims ({@link Reason#MALFORMED}, also for an account listed twice).
     */
    public static SignedPolicy verify(String compact, RSAPublicKey tenantPublicKey) throws ProtocolException {
        return fromParsed(Jose.verify(compact, TYPE, tenantPublicKey, VERSION, WHAT), compact);
    }

    /** Reads a list WITHOUT checking its signature: for diagnostics only, never to decide on. */
    public static SignedPolicy parseUnverified(String compact) throws ProtocolException {
        return fromParsed(Jose.parseUnverified(compact, TYPE, VERSION, WHAT), compact);
    }

    private static SignedPolicy fromParsed(Jose.Parsed p, String compact) throws ProtocolException {
        Fields c = p.claims();
        long version = c.number("version");
        if (version < 0) {
            throw c.malformed("version", "must not be negative");
        }
        List<Fields> raw = c.objects("entries");
        if (raw.size() > MAX_ENTRIES) {
            throw c.malformed("entries", "more than " + MAX_ENTRIES + " entries");
        }
        List<Entry> entries = new ArrayList<>(raw.size());
        for (Fields e : raw) {
            String kind = e.string("kind");
            if (!KINDS.contains(kind)) {
                throw e.malformed("kind", "unknown kind " + kind);
            }
            String role = e.string("role");
            if (!ROLES.contains(role)) {
                throw e.malformed("role", "unknown role " + role);
            }
            entries.add(new Entry(e.string("account"), kind, role));
        }
        String duplicate = firstDuplicate(entries);
        if (duplicate != null) {
            throw c.malformed("entries", "account " + duplicate + " appears twice");
        }
        return new SignedPolicy(c.string("iss"), version, Collections.unmodifiableList(entries), c.instant("iat"),
                p.kid(), compact);
    }

    private static String firstDuplicate(List<Entry> entries) {
        Set<String> seen = new HashSet<>();
        for (Entry e : entries) {
            if (!seen.add(e.account().toLowerCase(Locale.ROOT))) {
                return e.account();
            }
        }
        return null;
    }

    /** Tenant id ({@code iss}). */
    public String issuer() {
        return issuer;
    }

    /** The list's version ({@code version}). */
    public long version() {
        return version;
    }

    /** The entries, in the order the cloud listed them. */
    public List<Entry> entries() {
        return entries;
    }

    /** When the cloud signed it ({@code iat}). */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** Key id of the tenant key that signed it (JWS header {@code kid}). */
    public String tenantKid() {
        return tenantKid;
    }

    /** The compact JWS, exactly as issued. */
    public String compact() {
        return compact;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedPolicy other && compact.equals(other.compact);
    }

    @Override
    public int hashCode() {
        return compact.hashCode();
    }

    @Override
    public String toString() {
        return "SignedPolicy[iss=" + issuer + ", version=" + version + ", entries=" + entries.size() + ", iat="
                + issuedAt + "]";
    }
}
