package org.rmsconnector.rmsctl;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.Right;

/** Renders results for people (aligned text) and for scripts (one JSON object per line). */
final class Output {

    private Output() {
    }

    static String json(Map<String, ?> map) {
        return JSONObjectUtils.toJSONString(map);
    }

    /** The header information as an ordered map; times as ISO-8601 strings. */
    static Map<String, Object> info(ProtectionInfo info, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contentId", info.contentId());
        m.put("owner", info.owner());
        m.put("issuer", info.issuer());
        m.put("policy", policy(info.policy()));
        m.put("publishedAt", String.valueOf(info.publishedAt()));
        if (info.contentExpiry() != null) {
            m.put("contentExpiry", info.contentExpiry().toString());
        }
        m.put("expired", info.isExpired(now));
        m.put("offlineDays", info.offlineDays());
        m.put("tenantKeyId", info.tenantKeyId());
        return m;
    }

    static Map<String, Object> policy(Policy policy) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (policy instanceof Policy.Template t) {
            m.put("template", t.templateId());
        } else if (policy instanceof Policy.AdHoc a) {
            List<Object> grants = new ArrayList<>();
            for (Grant g : a.grants()) {
                Map<String, Object> gm = new LinkedHashMap<>();
                gm.put("principal", g.principal());
                gm.put("rights", g.rights().stream().map(Right::name).collect(Collectors.toList()));
                grants.add(gm);
            }
            m.put("grants", grants);
        }
        return m;
    }

    static String policyText(Policy policy) {
        if (policy instanceof Policy.Template t) {
            return "template " + t.templateId();
        }
        return ((Policy.AdHoc) policy).grants().stream()
                .map(g -> g.principal() + ": " + g.rights().stream().map(Right::name).collect(Collectors.joining(",")))
                .collect(Collectors.joining("; "));
    }

    /** Aligned "label: value" lines. */
    static String infoText(Path file, ProtectionInfo info, Instant now) {
        StringBuilder b = new StringBuilder();
        line(b, "file", file.toString());
        line(b, "content id", info.contentId());
        line(b, "owner", info.owner());
        line(b, "issuer", info.issuer());
        line(b, "policy", policyText(info.policy()));
        line(b, "published", String.valueOf(info.publishedAt()));
        line(b, "expires", info.contentExpiry() == null ? "never"
                : info.contentExpiry() + (info.isExpired(now) ? " (expired)" : ""));
        line(b, "offline days", Integer.toString(info.offlineDays()));
        line(b, "tenant key", info.tenantKeyId());
        b.append("(as stated in the file; the service checks the signature when it licenses)");
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format("%-13s %s%n", label + ":", value));
    }
}
