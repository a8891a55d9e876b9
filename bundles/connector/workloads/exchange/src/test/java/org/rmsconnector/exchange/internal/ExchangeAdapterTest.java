package org.rmsconnector.exchange.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.exchange.internal.Fixtures.ENTRY;
import static org.rmsconnector.exchange.internal.Fixtures.TEMPLATE;
import static org.rmsconnector.exchange.internal.Fixtures.certify;
import static org.rmsconnector.exchange.internal.Fixtures.forwarded;
import static org.rmsconnector.exchange.internal.Fixtures.json;
import static org.rmsconnector.exchange.internal.Fixtures.licenses;
import static org.rmsconnector.exchange.internal.Fixtures.preLicenses;
import static org.rmsconnector.exchange.internal.Fixtures.publish;
import static org.rmsconnector.exchange.internal.Fixtures.refused;
import static org.rmsconnector.exchange.internal.Fixtures.request;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.Right;

class ExchangeAdapterTest {
    private final ExchangeAdapter adapter = new ExchangeAdapter();

    @Test
    void servesTheExchangeWorkloadWithEveryOperation() {
        assertEquals(Workload.EXCHANGE, adapter.workload());
        assertEquals(EnumSet.allOf(Operation.class), adapter.operations());
    }

    /** operation, body, super user asked, on behalf of. */
    static Stream<Arguments> forwards() throws Exception {
        return Stream.of(
                Arguments.of(Operation.SERVER_INFO, "", false, null),
                Arguments.of(Operation.CERTIFY, certify(), false, null),
                Arguments.of(Operation.TEMPLATES, "", false, null),
                Arguments.of(Operation.TEMPLATES, "{\"id\":\"" + TEMPLATE + "\"}", false, null),
                Arguments.of(Operation.PUBLISH, publish("alice@contoso.com", Policy.template(TEMPLATE)), false,
                        "alice@contoso.com"),
                Arguments.of(Operation.PUBLISH, publish(ENTRY, Policy.template(TEMPLATE)), false, null),
                Arguments.of(Operation.PUBLISH, publish("alice@contoso.com",
                        Policy.adHoc(Grant.of("bob@contoso.com", Right.VIEW, Right.EDIT))), false,
                        "alice@contoso.com"),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses((String) null), true, null),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com"), true, "bob@contoso.com"),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com", "BOB@contoso.com"), true,
                        "bob@contoso.com"),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com", "carol@contoso.com"), true,
                        null),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com", null), true, null),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses(null, "bob@contoso.com"), true, null),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses(100), true, null),
                Arguments.of(Operation.ACQUIRE_PRELICENSE, preLicenses(1), false, null),
                Arguments.of(Operation.ACQUIRE_PRELICENSE, preLicenses(100), false, null));
    }

    @ParameterizedTest(name = "[{index}] {0} → superUser={2}, onBehalfOf={3}")
    @MethodSource("forwards")
    void forwardsWithTheWorkloadsFlags(Operation operation, String body, boolean superUser, String onBehalfOf) {
        AdapterResult.Forward f = forwarded(adapter.handle(request(operation, body)));
        assertEquals(superUser, f.superUser(), "superUser");
        assertEquals(onBehalfOf, f.onBehalfOf(), "onBehalfOf");
    }

    @Test
    void forwardsWhatTheProtocolParserAccepts() throws Exception {
        assertArrayEquals(new byte[0], forwarded(adapter.handle(request(Operation.SERVER_INFO, "{}"))).body());
        CertifyRequest.fromJson(text(forwarded(adapter.handle(request(Operation.CERTIFY, certify()))).body()));
        AcquireLicenseRequest.fromJson(
                text(forwarded(adapter.handle(request(Operation.ACQUIRE_LICENSE, licenses(3)))).body()));
        AcquirePreLicenseRequest.fromJson(
                text(forwarded(adapter.handle(request(Operation.ACQUIRE_PRELICENSE, preLicenses(2)))).body()));
        PublishRequest.fromJson(text(forwarded(adapter.handle(
                request(Operation.PUBLISH, publish("alice@contoso.com", Policy.template(TEMPLATE))))).body()));
        assertEquals(Map.of("id", TEMPLATE), json(forwarded(adapter.handle(
                request(Operation.TEMPLATES, " {\"id\":\" " + TEMPLATE + " \"} "))).body()));
    }

    @Test
    void unknownMembersNeverReachTheCloud() throws Exception {
        String body = licenses("bob@contoso.com");
        String extended = body.substring(0, body.length() - 1) + ",\"superUser\":false,\"x\":{\"y\":1}}";
        Map<String, Object> sent = json(forwarded(adapter.handle(request(Operation.ACQUIRE_LICENSE, extended))).body());
        assertEquals(List.of("items", "serverCertificate"), sent.keySet().stream().sorted().toList());
    }

    @Test
    void aMemberRepeatedInsideTheDraftIsRefusedNamingItsPath() throws Exception {
        // Two parsers could keep different ones (the last one, as the shared parser once did, or the first): the
        // only reading the adapter and the cloud cannot disagree about is none.
        String body = publish("alice@contoso.com", Policy.template(TEMPLATE))
                .replace("\"owner\":", "\"owner\":\"mallory@contoso.com\",\"owner\":");
        AdapterResult.Refuse refuse = refused(adapter.handle(request(Operation.PUBLISH, body)), 400, "bad_request");
        assertTrue(refuse.message().startsWith("PublishRequest.draft.owner: duplicate member name"),
                refuse.message());
    }

    // ---- batches

    static Stream<Arguments> batches() {
        return Stream.of(
                Arguments.of(100, 0, 400, "items_required"),
                Arguments.of(100, 101, 413, "too_many_items"),
                Arguments.of(100, 250, 413, "too_many_items"),
                Arguments.of(10, 11, 413, "too_many_items"),
                Arguments.of(1, 2, 413, "too_many_items"));
    }

    @ParameterizedTest(name = "[{index}] limit {0}, {1} items → {2} {3}")
    @MethodSource("batches")
    void refusesBatchesOutsideTheLimit(int limit, int items, int status, String code) {
        ExchangeAdapter limited = new ExchangeAdapter(new ExchangeAdapter.Limits(limit, 100, 500));
        AdapterResult.Refuse r = refused(limited.handle(request(Operation.ACQUIRE_LICENSE, licenses(items))), status,
                code);
        if (status == 413) {
            assertTrue(r.message().contains("batches of " + limit + " or fewer"), r.message());
        }
    }

    @Test
    void acceptsABatchAtTheLimit() {
        ExchangeAdapter limited = new ExchangeAdapter(new ExchangeAdapter.Limits(10, 100, 500));
        forwarded(limited.handle(request(Operation.ACQUIRE_LICENSE, licenses(10))));
    }

    static Stream<Arguments> preLicenseBatches() {
        return Stream.of(
                Arguments.of(100, 0, 400, "recipients_required"),
                Arguments.of(100, 101, 413, "too_many_recipients"),
                Arguments.of(5, 6, 413, "too_many_recipients"));
    }

    @ParameterizedTest(name = "[{index}] limit {0}, {1} recipients → {2} {3}")
    @MethodSource("preLicenseBatches")
    void refusesPreLicensesOutsideTheLimit(int limit, int recipients, int status, String code) {
        ExchangeAdapter limited = new ExchangeAdapter(new ExchangeAdapter.Limits(100, limit, 500));
        refused(limited.handle(request(Operation.ACQUIRE_PRELICENSE, preLicenses(recipients))), status, code);
    }

    @Test
    void limitsAreClampedToWhatTheProtocolCarries() {
        ExchangeAdapter.Limits l = new ExchangeAdapter.Limits(0, 1000, -5);
        assertEquals(new ExchangeAdapter.Limits(1, 100, 1), l);
        ExchangeAdapter configured = new ExchangeAdapter(Fixtures.config(ExchangeConfiguration.class,
                Map.of("max_batch_items", 500)));
        forwarded(configured.handle(request(Operation.ACQUIRE_LICENSE, licenses(100))));
        refused(configured.handle(request(Operation.ACQUIRE_LICENSE, licenses(101))), 413, "too_many_items");
    }

    @Test
    void configurationChangesApplyWithoutRestart() {
        ExchangeAdapter configured = new ExchangeAdapter(Fixtures.config(ExchangeConfiguration.class, Map.of()));
        forwarded(configured.handle(request(Operation.ACQUIRE_LICENSE, licenses(20))));
        configured.modified(Fixtures.config(ExchangeConfiguration.class, Map.of("max_batch_items", 10)));
        refused(configured.handle(request(Operation.ACQUIRE_LICENSE, licenses(20))), 413, "too_many_items");
    }

    // ---- malformed input

    static Stream<Arguments> malformed() throws Exception {
        String publish = publish("alice@contoso.com", Policy.template(TEMPLATE));
        return Stream.of(
                Arguments.of(Operation.CERTIFY, "not json"),
                Arguments.of(Operation.CERTIFY, ""),
                Arguments.of(Operation.CERTIFY, "{\"identity\":\"x\"}"),
                Arguments.of(Operation.PUBLISH, "[1,2]"),
                Arguments.of(Operation.PUBLISH, "{}"),
                Arguments.of(Operation.PUBLISH, publish.replace("{\"draft\":", "{\"draft\":{},\"draft\":")),
                Arguments.of(Operation.ACQUIRE_LICENSE, "{\"items\":[{}]}"),
                Arguments.of(Operation.ACQUIRE_LICENSE, "{\"serverCertificate\":\"x\",\"items\":\"all\"}"),
                Arguments.of(Operation.ACQUIRE_PRELICENSE, "{\"recipients\":[{\"identity\":\"bob@contoso.com\"}]}"),
                Arguments.of(Operation.TEMPLATES, "{\"name\":\"Confidential\"}"),
                Arguments.of(Operation.TEMPLATES, "{\"id\":42}"),
                Arguments.of(Operation.TEMPLATES, "[[\"id\",\"" + TEMPLATE + "\"]]"),
                Arguments.of(Operation.CERTIFY, "[[\"identity\",\"CONTOSO\\\\EXCH01$\"]]"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("malformed")
    void refusesMalformedBodiesWith400(Operation operation, String body) {
        AdapterResult.Refuse r = refused(adapter.handle(request(operation, body)), 400, "bad_request");
        assertFalse(r.message().isBlank());
    }

    @Test
    void refusesBodiesThatAreNotUtf8() {
        byte[] latin1 = "{\"identity\":\"Jürgen\"}".getBytes(StandardCharsets.ISO_8859_1);
        refused(adapter.handle(request(Operation.CERTIFY, latin1)), 400, "bad_request");
    }

    @Test
    void anItemWithoutAUserMeansNoCommonUser() {
        assertNull(ExchangeAdapter.commonUser(List.of(new AcquireLicenseRequest.Item(Fixtures.LICENSE))));
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
