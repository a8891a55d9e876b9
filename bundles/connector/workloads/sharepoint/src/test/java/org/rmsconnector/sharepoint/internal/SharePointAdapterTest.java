package org.rmsconnector.sharepoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.sharepoint.internal.Fixtures.ENTRY;
import static org.rmsconnector.sharepoint.internal.Fixtures.TEMPLATE;
import static org.rmsconnector.sharepoint.internal.Fixtures.certify;
import static org.rmsconnector.sharepoint.internal.Fixtures.forwarded;
import static org.rmsconnector.sharepoint.internal.Fixtures.json;
import static org.rmsconnector.sharepoint.internal.Fixtures.licenses;
import static org.rmsconnector.sharepoint.internal.Fixtures.preLicenses;
import static org.rmsconnector.sharepoint.internal.Fixtures.publish;
import static org.rmsconnector.sharepoint.internal.Fixtures.refused;
import static org.rmsconnector.sharepoint.internal.Fixtures.request;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.Right;

class SharePointAdapterTest {
    private static final Set<Operation> ALLOWED = EnumSet.of(Operation.SERVER_INFO, Operation.CERTIFY,
            Operation.PUBLISH, Operation.ACQUIRE_LICENSE, Operation.TEMPLATES);
    private final SharePointAdapter adapter = new SharePointAdapter();

    @ParameterizedTest
    @EnumSource(Operation.class)
    void servesEveryOperationButPreLicensing(Operation operation) {
        assertEquals(Workload.SHAREPOINT, adapter.workload());
        assertEquals(ALLOWED.contains(operation), adapter.operations().contains(operation));
    }

    @Test
    void refusesPreLicensingEvenWhenAskedDirectly() {
        refused(adapter.handle(request(Operation.ACQUIRE_PRELICENSE, preLicenses(1))), 403, "operation_not_allowed");
    }

    private static Policy grant(String principal, Right... rights) {
        return Policy.adHoc(new Grant(principal, EnumSet.copyOf(List.of(rights))));
    }

    /** operation, body, on behalf of; SharePoint never asks for super user. */
    static Stream<Arguments> forwards() throws Exception {
        return Stream.of(
                Arguments.of(Operation.SERVER_INFO, "", null),
                Arguments.of(Operation.CERTIFY, certify(), null),
                Arguments.of(Operation.TEMPLATES, "", null),
                Arguments.of(Operation.TEMPLATES, "{\"id\":\"" + TEMPLATE + "\"}", null),
                Arguments.of(Operation.PUBLISH, publish(ENTRY, grant("bob@contoso.com", Right.VIEW, Right.PRINT)),
                        null),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com"), "bob@contoso.com"),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com", "bob@contoso.com"),
                        "bob@contoso.com"),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com", "carol@contoso.com"), null));
    }

    @ParameterizedTest(name = "[{index}] {0} → onBehalfOf={2}")
    @MethodSource("forwards")
    void forwardsWithoutSuperUser(Operation operation, String body, String onBehalfOf) {
        AdapterResult.Forward f = forwarded(adapter.handle(request(operation, body)));
        assertFalse(f.superUser(), "superUser");
        assertEquals(onBehalfOf, f.onBehalfOf(), "onBehalfOf");
    }

    @Test
    void forwardsWhatTheProtocolParserAccepts() throws Exception {
        assertArrayEquals(new byte[0], forwarded(adapter.handle(request(Operation.SERVER_INFO, "{}"))).body());
        CertifyRequest.fromJson(text(forwarded(adapter.handle(request(Operation.CERTIFY, certify()))).body()));
        AcquireLicenseRequest sent = AcquireLicenseRequest.fromJson(text(forwarded(adapter.handle(
                request(Operation.ACQUIRE_LICENSE, licenses("bob@contoso.com", "carol@contoso.com")))).body()));
        // each item keeps its own user: the cloud evaluates every document on its uploader's rights
        assertEquals(List.of("bob@contoso.com", "carol@contoso.com"),
                sent.items().stream().map(AcquireLicenseRequest.Item::onBehalfOf).toList());
        String body = publish(ENTRY, grant("bob@contoso.com", Right.VIEW));
        String extended = body.substring(0, body.length() - 1) + ",\"library\":\"Finance\"}";
        byte[] published = forwarded(adapter.handle(request(Operation.PUBLISH, extended))).body();
        assertEquals(Set.of("draft"), json(published).keySet());
        assertEquals(PublishRequest.fromJson(body).draft(), PublishRequest.fromJson(text(published)).draft());
    }

    // ---- decrypt on upload

    static Stream<Arguments> withoutUser() {
        return Stream.of(
                Arguments.of((Object) new String[] {null}),
                Arguments.of((Object) new String[] {"bob@contoso.com", null}),
                Arguments.of((Object) new String[] {null, "bob@contoso.com"}));
    }

    @ParameterizedTest
    @MethodSource("withoutUser")
    void licensesNeedTheUploadingUserOnEveryItem(String[] users) {
        AdapterResult.Refuse r = refused(adapter.handle(request(Operation.ACQUIRE_LICENSE, licenses(users))), 400,
                "on_behalf_of_required");
        int missing = Arrays.asList(users).indexOf(null);
        assertTrue(r.message().contains("items[" + missing + "].onBehalfOf"), r.message());
    }

    // ---- protect on download

    /** policy (or template), offline days → null when forwarded, else "status code". */
    static Stream<Arguments> downloads() {
        return Stream.of(
                Arguments.of(grant("bob@contoso.com", Right.VIEW), 0, null),
                Arguments.of(grant("bob@contoso.com", Right.VIEW, Right.PRINT), 30, null),
                Arguments.of(grant("bob@contoso.com", Right.VIEW, Right.VIEWRIGHTSDATA, Right.PRINT, Right.EDIT,
                        Right.DOCEDIT, Right.EXTRACT, Right.OBJMODEL), 7, null),
                Arguments.of(grant("bob@contoso.com", Right.VIEW, Right.EXPORT), 7, "400 rights_not_allowed"),
                Arguments.of(grant("bob@contoso.com", Right.VIEW, Right.FORWARD), 7, "400 rights_not_allowed"),
                Arguments.of(grant("bob@contoso.com", Right.VIEW, Right.REPLY), 7, "400 rights_not_allowed"),
                Arguments.of(grant("bob@contoso.com", Right.VIEW, Right.EDITRIGHTSDATA), 7, "400 rights_not_allowed"),
                Arguments.of(grant("bob@contoso.com", Right.VIEW, Right.OWNER), 7, "400 rights_not_allowed"),
                Arguments.of(grant("bob@contoso.com", Right.OWNER), 7, "400 rights_not_allowed"),
                Arguments.of(grant("bob@contoso.com", Right.PRINT), 7, "400 rights_not_allowed"),
                Arguments.of(grant("Everyone", Right.VIEW), 7, "400 named_user_required"),
                Arguments.of(grant("everyone@contoso.com", Right.VIEW), 7, "400 named_user_required"),
                Arguments.of(grant("ANYONE", Right.VIEW), 7, "400 named_user_required"),
                Arguments.of(grant("*", Right.VIEW), 7, "400 named_user_required"),
                Arguments.of(grant("*@contoso.com", Right.VIEW), 7, "400 named_user_required"),
                Arguments.of(grant("bob@*", Right.VIEW), 7, "400 named_user_required"),
                Arguments.of(grant("CONTOSO\\Domain Users", Right.VIEW), 7, "400 named_user_required"),
                Arguments.of(grant("bob@contoso.com", Right.VIEW), 31, "400 offline_days_too_long"),
                Arguments.of(grant("bob@contoso.com", Right.VIEW), 3650, "400 offline_days_too_long"),
                Arguments.of(Policy.adHoc(Grant.of("bob@contoso.com", Right.VIEW),
                        Grant.of("carol@contoso.com", Right.VIEW)), 7, "400 too_many_grants"),
                Arguments.of(Policy.template(TEMPLATE), 7, "400 grants_required"));
    }

    @ParameterizedTest(name = "[{index}] {0}, {1} offline days → {2}")
    @MethodSource("downloads")
    void protectsADownloadForOneNamedUserWithinTheLibraryPolicy(Policy policy, int offlineDays, String expected)
            throws Exception {
        AdapterResult result = adapter.handle(request(Operation.PUBLISH, publish(ENTRY, policy, offlineDays)));
        if (expected == null) {
            AdapterResult.Forward f = forwarded(result);
            assertFalse(f.superUser());
            assertEquals(null, f.onBehalfOf());
        } else {
            String[] statusAndCode = expected.split(" ");
            AdapterResult.Refuse r = refused(result, Integer.parseInt(statusAndCode[0]), statusAndCode[1]);
            assertTrue(r.message().contains("PublishRequest.draft") || r.message().contains("SharePoint"),
                    r.message());
        }
    }

    @Test
    void configuredLimitsApplyAtOnce() throws Exception {
        SharePointAdapter configured = new SharePointAdapter(Fixtures.config(SharePointConfiguration.class,
                Map.of("max_offline_days", 3, "max_grants", 2)));
        String twoUsers = publish(ENTRY, Policy.adHoc(Grant.of("bob@contoso.com", Right.VIEW),
                Grant.of("carol@contoso.com", Right.VIEW)), 3);
        forwarded(configured.handle(request(Operation.PUBLISH, twoUsers)));
        refused(configured.handle(request(Operation.PUBLISH, publish(ENTRY, grant("bob@contoso.com", Right.VIEW), 4))),
                400, "offline_days_too_long");
        configured.modified(Fixtures.config(SharePointConfiguration.class, Map.of()));
        refused(configured.handle(request(Operation.PUBLISH, twoUsers)), 400, "too_many_grants");
        forwarded(configured.handle(request(Operation.PUBLISH, publish(ENTRY, grant("bob@contoso.com", Right.VIEW),
                30))));
    }

    @Test
    void limitsAreClamped() {
        assertEquals(new SharePointAdapter.Limits(0, 1), new SharePointAdapter.Limits(-1, 0));
        assertEquals(new SharePointAdapter.Limits(3650, 100), new SharePointAdapter.Limits(99_999, 1000));
    }

    // ---- malformed input

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(Operation.CERTIFY, "not json"),
                Arguments.of(Operation.PUBLISH, ""),
                Arguments.of(Operation.PUBLISH, "{\"draft\":{}}"),
                Arguments.of(Operation.ACQUIRE_LICENSE, "{\"items\":[]}"),
                Arguments.of(Operation.TEMPLATES, "[]"),
                // the shared parser reads a top-level array of pairs as an object; the adapter does not
                Arguments.of(Operation.TEMPLATES, "[[\"id\",\"" + TEMPLATE + "\"]]"),
                Arguments.of(Operation.ACQUIRE_LICENSE, "[[\"serverCertificate\",\"" + Fixtures.CERTIFICATE
                        + "\"],[\"items\",[{\"publishingLicense\":\"" + Fixtures.LICENSE
                        + "\",\"onBehalfOf\":\"bob@contoso.com\"}]]]"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("malformed")
    void refusesMalformedBodiesWith400(Operation operation, String body) {
        refused(adapter.handle(request(operation, body)), 400, "bad_request");
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
