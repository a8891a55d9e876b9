package org.rmsconnector.exchange.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.exchange.internal.Fixtures.TEMPLATE;
import static org.rmsconnector.exchange.internal.Fixtures.forwarded;
import static org.rmsconnector.exchange.internal.Fixtures.json;
import static org.rmsconnector.exchange.internal.Fixtures.refused;
import static org.rmsconnector.exchange.internal.Fixtures.request;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;

/** The {@code dnf} extension of a publish request: expansion, and that no right beyond the DNF set gets through. */
class DoNotForwardTest {
    private static final Set<Right> DNF = EnumSet.of(Right.VIEW, Right.REPLY, Right.REPLYALL, Right.VIEWRIGHTSDATA);
    private final ExchangeAdapter adapter = new ExchangeAdapter();

    /** A publish request whose draft has no policy, with the given top-level extension members. */
    private static String dnfRequest(PublishingLicense.Draft draft, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = JSONObjectUtils.parse(new PublishRequest(draft).toJson());
        @SuppressWarnings("unchecked")
        Map<String, Object> d = new LinkedHashMap<>((Map<String, Object>) body.get("draft"));
        d.remove("policy");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("draft", d);
        out.putAll(extra);
        return JSONObjectUtils.toJSONString(out);
    }

    private static PublishingLicense.Draft draft() throws Exception {
        // the client builds the draft with any policy; the dnf request sends it without one
        return Fixtures.draft("alice@contoso.com", Policy.template(TEMPLATE));
    }

    private static Map<String, Object> recipients(Object... names) {
        return Map.of("dnf", Map.of("recipients", List.of(names)));
    }

    @Test
    void expandsRecipientsIntoDoNotForwardGrants() throws Exception {
        PublishingLicense.Draft draft = draft();
        AdapterResult.Forward f = forwarded(adapter.handle(request(Operation.PUBLISH,
                dnfRequest(draft, recipients("bob@contoso.com", "carol@contoso.com", "Bob@Contoso.com")))));

        assertFalse(json(f.body()).containsKey("dnf"), "the extension is not forwarded");
        PublishRequest sent = PublishRequest.fromJson(new String(f.body(), StandardCharsets.UTF_8));
        Policy.AdHoc policy = assertInstanceOf(Policy.AdHoc.class, sent.draft().policy());
        assertEquals(List.of(new Grant("bob@contoso.com", DNF), new Grant("carol@contoso.com", DNF)),
                policy.grants());
        // everything else in the draft is the client's, the wrapped content key above all
        assertEquals(draft.wrappedContentKey(), sent.draft().wrappedContentKey());
        assertEquals(draft.contentId(), sent.draft().contentId());
        assertEquals(draft.owner(), sent.draft().owner());
        assertEquals(draft.offlineDays(), sent.draft().offlineDays());
        assertEquals("alice@contoso.com", f.onBehalfOf());
        assertFalse(f.superUser());
    }

    @Test
    void theDnfRightSetIsTheDocumentedOne() {
        assertEquals(DNF, ExchangeAdapter.DNF_RIGHTS);
    }

    /** Requests that try to get more than the DNF rights, one way or another. */
    static Stream<Arguments> attempts() throws Exception {
        PublishingLicense.Draft d = draft();
        String withOwnerPolicy = new PublishRequest(Fixtures.draft("alice@contoso.com",
                Policy.adHoc(Grant.of("bob@contoso.com", Right.OWNER)))).toJson();
        String withDnfPolicy = new PublishRequest(Fixtures.draft("alice@contoso.com",
                Policy.adHoc(new Grant("bob@contoso.com", DNF)))).toJson();
        String withTemplate = new PublishRequest(d).toJson();
        return Stream.of(
                Arguments.of("dnf and an ad-hoc policy with OWNER", addDnf(withOwnerPolicy), 400, "dnf_policy_conflict"),
                Arguments.of("dnf and a policy of DNF rights", addDnf(withDnfPolicy), 400, "dnf_policy_conflict"),
                Arguments.of("dnf and a template", addDnf(withTemplate), 400, "dnf_policy_conflict"),
                Arguments.of("rights inside dnf", dnfRequest(d, Map.of("dnf", Map.of("recipients",
                        List.of("bob@contoso.com"), "rights", List.of("OWNER")))), 400, "bad_request"),
                Arguments.of("grants inside dnf", dnfRequest(d, Map.of("dnf", Map.of("recipients",
                        List.of("bob@contoso.com"), "grants", List.of()))), 400, "bad_request"),
                Arguments.of("dnf inside the draft", withOwnerPolicy.replace("\"owner\":",
                        "\"dnf\":{\"recipients\":[\"bob@contoso.com\"]},\"owner\":"), 400, "bad_request"),
                Arguments.of("dnf: true", dnfRequest(d, Map.of("dnf", true)), 400, "bad_request"),
                Arguments.of("dnf as a list", dnfRequest(d, Map.of("dnf", List.of("bob@contoso.com"))), 400,
                        "bad_request"),
                Arguments.of("no recipients", dnfRequest(d, recipients()), 400, "dnf_recipients_required"),
                Arguments.of("recipients missing", dnfRequest(d, Map.of("dnf", Map.of())), 400,
                        "dnf_recipients_required"),
                Arguments.of("a wildcard recipient", dnfRequest(d, recipients("*@contoso.com")), 400, "bad_request"),
                Arguments.of("a pseudo-principal", dnfRequest(d, recipients("Everyone")), 400, "bad_request"),
                Arguments.of("a recipient that is not a string", dnfRequest(d, recipients(42)), 400, "bad_request"),
                Arguments.of("a recipient with a space", dnfRequest(d, recipients("bob @contoso.com")), 400,
                        "bad_request"),
                Arguments.of("a draft without a key", "{\"draft\":{\"owner\":\"alice@contoso.com\"},"
                        + "\"dnf\":{\"recipients\":[\"bob@contoso.com\"]}}", 400, "bad_request"),
                Arguments.of("no draft", "{\"dnf\":{\"recipients\":[\"bob@contoso.com\"]}}", 400, "bad_request"));
    }

    private static String addDnf(String publishRequest) {
        return publishRequest.substring(0, publishRequest.length() - 1)
                + ",\"dnf\":{\"recipients\":[\"bob@contoso.com\"]}}";
    }

    @ParameterizedTest(name = "[{index}] {0} → {2} {3}")
    @MethodSource("attempts")
    void neverForwardsMoreThanTheDnfRights(String what, String body, int status, String code) throws Exception {
        AdapterResult result = adapter.handle(request(Operation.PUBLISH, body));
        if (result instanceof AdapterResult.Forward f) {
            Policy policy = PublishRequest.fromJson(new String(f.body(), StandardCharsets.UTF_8)).draft().policy();
            for (Grant g : assertInstanceOf(Policy.AdHoc.class, policy).grants()) {
                assertTrue(DNF.containsAll(g.rights()), what + ": forwarded " + g);
            }
        }
        refused(result, status, code);
    }

    @Test
    void refusesMoreRecipientsThanConfigured() throws Exception {
        ExchangeAdapter limited = new ExchangeAdapter(new ExchangeAdapter.Limits(100, 100, 3));
        Object[] four = IntStream.range(0, 4).mapToObj(i -> "user" + i + "@contoso.com").toArray();
        refused(limited.handle(request(Operation.PUBLISH, dnfRequest(draft(), recipients(four)))), 413,
                "too_many_recipients");
        Object[] threeWithRepeats = Stream.of("a@contoso.com", "b@contoso.com", "c@contoso.com", "A@CONTOSO.COM")
                .toArray();
        AdapterResult.Forward f = forwarded(limited.handle(request(Operation.PUBLISH,
                dnfRequest(draft(), recipients(threeWithRepeats)))));
        Policy.AdHoc p = (Policy.AdHoc) PublishRequest.fromJson(new String(f.body(), StandardCharsets.UTF_8))
                .draft().policy();
        assertEquals(List.of("a@contoso.com", "b@contoso.com", "c@contoso.com"),
                p.grants().stream().map(Grant::principal).collect(Collectors.toList()));
    }

    @Test
    void aPublishWithoutDnfKeepsItsOwnPolicy() throws Exception {
        String body = new PublishRequest(Fixtures.draft("alice@contoso.com",
                Policy.adHoc(Grant.of("bob@contoso.com", Right.VIEW, Right.PRINT, Right.FORWARD)))).toJson();
        AdapterResult.Forward f = forwarded(adapter.handle(request(Operation.PUBLISH, body)));
        Policy.AdHoc p = (Policy.AdHoc) PublishRequest.fromJson(new String(f.body(), StandardCharsets.UTF_8))
                .draft().policy();
        assertEquals(EnumSet.of(Right.VIEW, Right.PRINT, Right.FORWARD), p.grants().get(0).rights());
    }
}
