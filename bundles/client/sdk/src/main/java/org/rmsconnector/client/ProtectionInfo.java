package org.rmsconnector.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;

/**
 * What a protected file's header says about it, read without a key or the network. The
 * values are as the publishing license states them; {@link RmsClient#info} does not verify
 * the tenant's signature (the service does, before it licenses anyone).
 *
 * @param contentId       the content id
 * @param owner           the owner
 * @param issuer          the tenant id that signed the publishing license
 * @param policy          template or ad-hoc grants
 * @param publishedAt     when the service signed the publishing license
 * @param contentExpiry   when the content stops being usable, or null for never
 * @param offlineDays     days a use license may be used offline
 * @param tenantKeyId     thumbprint of the tenant key that signed the license
 * @param chunkSize       plaintext bytes per encrypted chunk
 */
public record ProtectionInfo(String contentId, String owner, String issuer, Policy policy, Instant publishedAt,
        Instant contentExpiry, int offlineDays, String tenantKeyId, int chunkSize) {

    /** Validates. */
    public ProtectionInfo {
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(policy, "policy");
    }

    /** The template id, when the policy is a template. */
    public Optional<String> templateId() {
        return policy instanceof Policy.Template t ? Optional.of(t.templateId()) : Optional.empty();
    }

    /** The ad-hoc grants; empty for a template policy. */
    public List<Grant> grants() {
        return policy instanceof Policy.AdHoc a ? a.grants() : List.of();
    }

    /** Whether the content has expired at {@code now}. */
    public boolean isExpired(Instant now) {
        return contentExpiry != null && !now.isBefore(contentExpiry);
    }
}
