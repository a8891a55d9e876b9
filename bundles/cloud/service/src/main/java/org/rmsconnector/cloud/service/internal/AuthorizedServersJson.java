package org.rmsconnector.cloud.service.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.rmsconnector.channel.SignedPolicy;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.AuthorizedServerList;
import org.rmsconnector.cloud.model.TenantInfo;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.protocol.ProtocolException;

/**
 * The JSON of the authorized-servers list, shared by the list ({@link AuthorizedServersResource}) and its change
 * feed ({@link ChangeFeed}): {@code {"version","entries":[{"account","kind","role"}]}}. With the tenant key it also
 * carries {@code "signed"}: the same list as a tenant-signed {@link SignedPolicy} JWS, which connectors verify with
 * the tenant key and keep as their last-known-good copy.
 */
final class AuthorizedServersJson {

    private final CloudStore store;
    private final TenantKeys tenantKeys;
    private final Clock clock;
    // the last list signed, reused while the list stays the same: a long-poll answer per connector per change must
    // not cost an RSA signature each
    private final AtomicReference<Signed> lastSigned = new AtomicReference<>();

    private record Signed(AuthorizedServerList list, String compact) {
    }

    /** @param tenantKeys signs the list; null: no {@code "signed"} */
    AuthorizedServersJson(CloudStore store, TenantKeys tenantKeys, Clock clock) {
        this.store = store;
        this.tenantKeys = tenantKeys;
        this.clock = clock;
    }

    /** The list, and its signed copy when this service holds the tenant key. */
    JsonSupport.Obj signedList(AuthorizedServerList list) throws CloudException {
        JsonSupport.Obj o = list(list);
        if (tenantKeys != null) {
            o.put("signed", sign(list));
        }
        return o;
    }

    static JsonSupport.Obj entry(AuthorizedServer s) {
        return JsonSupport.object().put("account", s.account()).put("kind", s.kind().name().toLowerCase(Locale.ROOT))
                .put("role", s.role().name().toLowerCase(Locale.ROOT));
    }

    private static JsonSupport.Obj list(AuthorizedServerList list) {
        List<Object> entries = new ArrayList<>();
        for (AuthorizedServer s : list.entries()) {
            entries.add(entry(s).map());
        }
        return JsonSupport.object().put("version", list.version()).put("entries", entries);
    }

    private String sign(AuthorizedServerList list) throws CloudException {
        Signed last = lastSigned.get();
        if (last != null && last.list().equals(list)) {
            return last.compact();
        }
        List<SignedPolicy.Entry> entries = new ArrayList<>();
        for (AuthorizedServer s : list.entries()) {
            entries.add(new SignedPolicy.Entry(s.account(), s.kind().name().toLowerCase(Locale.ROOT),
                    s.role().name().toLowerCase(Locale.ROOT)));
        }
        String tenantId = store.tenant().find().map(TenantInfo::tenantId)
                .orElseThrow(() -> new CloudException(500, "no_tenant", "the tenant is not initialized"));
        try {
            String compact = SignedPolicy.issue(tenantKeys.privateKey(), tenantKeys.kid(), tenantId, list.version(),
                    entries, clock.instant()).compact();
            lastSigned.set(new Signed(list, compact));
            return compact;
        } catch (ProtocolException e) {
            throw new CloudException(500, "signing_failed", "cannot sign the authorized-servers list with the tenant"
                    + " key: " + e.getMessage(), e);
        }
    }
}
