package org.rmsconnector.cloud.licensing;

import java.util.Locale;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.licensing.internal.rights.RefusalReason;
import org.rmsconnector.cloud.model.Principals;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.protocol.ProtocolException;

/**
 * The caller rules and refusal codes that {@link CloudOperationsImpl} (certify, publish, templates) and
 * {@link Licensing} share, so that both spell them alike.
 */
final class OperationRules {

    private OperationRules() {
    }

    /** A connector speaking for itself (no entry) gets no operation. */
    static void requireEntry(CloudCaller caller) throws CloudException {
        if (caller.kind() == CloudCaller.Kind.CONNECTOR && caller.role() == null) {
            throw CloudException.forbidden("entry_required", "connector " + caller.connectorId()
                    + " called for itself; rights-management operations need an authorized-servers entry");
        }
    }

    static void requireOnBehalfAllowed(CloudCaller caller) throws CloudException {
        if (caller.kind() != CloudCaller.Kind.CONNECTOR) {
            throw CloudException.forbidden("obo_not_allowed", "a user may not act on behalf of another user");
        }
        if (caller.role() == ServerRole.FCI) {
            throw CloudException.forbidden("obo_not_allowed",
                    "file servers (FCI) act without user identity and may not name a user to act for");
        }
    }

    /** FCI and Exchange publish with, and see, only templates available without user identity. */
    static boolean withoutUserIdentity(CloudCaller caller) {
        return caller.kind() == CloudCaller.Kind.CONNECTOR
                && (caller.role() == ServerRole.FCI || caller.role() == ServerRole.EXCHANGE);
    }

    /** Whether two names denote the same person: equal, or the UPN and mail address of one directory user. */
    static boolean sameParty(CloudStore store, String a, String b) {
        if (a.strip().equalsIgnoreCase(b.strip())) {
            return true;
        }
        return store.directory().findUser(a).map(u -> u.identifiers().contains(Principals.optionalKey(b)))
                .orElse(false);
    }

    static UUID templateId(org.rmsconnector.protocol.Policy policy) {
        return policy instanceof org.rmsconnector.protocol.Policy.Template t ? parseUuid(t.templateId()) : null;
    }

    static UUID parseUuid(String s) {
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String roleName(ServerRole role) {
        return role == null ? null : role.name().toLowerCase(Locale.ROOT);
    }

    static String code(RefusalReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    static CloudException protocolRefusal(int status, ProtocolException e) {
        return new CloudException(status, e.reason().name(), e.getMessage(), e);
    }
}
