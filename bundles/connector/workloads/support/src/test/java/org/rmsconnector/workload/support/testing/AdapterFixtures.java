package org.rmsconnector.workload.support.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.testing.Configs;

/**
 * What the adapters' tests share: requests as an on-premises server sends them, built with the protocol's own
 * records, and the assertions on what an adapter answers. Each adapter's {@code Fixtures} extends this with its
 * server's account and entry, so its tests keep calling {@code Fixtures.request(...)}. Shipped as this module's
 * test-jar; never part of a bundle.
 */
public class AdapterFixtures {
    public static final String TEMPLATE = "2f9a1c3e-7b4d-4e61-9c0a-5d8e3b2f1a47";
    /** Shape-checked only by the adapter: the cloud verifies signatures. */
    public static final String CERTIFICATE =
            "eyJhbGciOiJQUzI1NiIsInR5cCI6InJtcy1zY2VydCtqd3QifQ.eyJ2ZXIiOjF9.c2lnbmF0dXJl";
    public static final String LICENSE = "eyJhbGciOiJQUzI1NiIsInR5cCI6InJtcy1wbCtqd3QifQ.eyJ2ZXIiOjF9.c2lnbmF0dXJl";
    public static final KeyPair KEYS = rsa();

    protected AdapterFixtures() {
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAPublicKey publicKey() {
        return (RSAPublicKey) KEYS.getPublic();
    }

    /** A request from {@code account}, authorized through {@code entry} in {@code role}. */
    public static WorkloadRequest request(Workload role, String account, String entry, Operation operation,
            byte[] body) {
        return new WorkloadRequest("req-1", operation, new Caller(account, "10.0.0.5", "client-certificate", true),
                new Authorization(entry, role, 7), body);
    }

    public static PublishingLicense.Draft draft(String owner, Policy policy) throws ProtocolException {
        return PublishingLicense.Draft.create(owner, policy, null, 7, ContentKeys.generate(), publicKey());
    }

    public static String publish(String owner, Policy policy) throws ProtocolException {
        return publish(owner, policy, 7);
    }

    public static String publish(String owner, Policy policy, int offlineDays) throws ProtocolException {
        return new PublishRequest(PublishingLicense.Draft.create(owner, policy, null, offlineDays,
                ContentKeys.generate(), publicKey())).toJson();
    }

    public static String certify(String account) {
        return new CertifyRequest(PublicJwk.of(publicKey()), account).toJson();
    }

    /** A license request with one item per entry of {@code onBehalfOf} (null: no user). */
    public static String licenses(String... onBehalfOf) {
        List<AcquireLicenseRequest.Item> items = new ArrayList<>();
        for (String user : onBehalfOf) {
            items.add(new AcquireLicenseRequest.Item(LICENSE, user));
        }
        return new AcquireLicenseRequest(CERTIFICATE, items).toJson();
    }

    public static String licenses(int count) {
        return items("items", count, "{\"publishingLicense\":\"" + LICENSE + "\"}",
                "{\"serverCertificate\":\"" + CERTIFICATE + "\",\"items\":[", "]}");
    }

    public static String preLicenses(int count) {
        if (count > 0 && count <= AcquirePreLicenseRequest.MAX_RECIPIENTS) {
            List<AcquirePreLicenseRequest.Recipient> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(new AcquirePreLicenseRequest.Recipient("user" + i + "@contoso.com", PublicJwk.of(publicKey())));
            }
            return new AcquirePreLicenseRequest(CERTIFICATE, LICENSE, list).toJson();
        }
        String jwk = PublicJwk.of(publicKey()).toJson();
        return items("recipients", count, "{\"identity\":\"bob@contoso.com\",\"publicKey\":" + jwk + "}",
                "{\"serverCertificate\":\"" + CERTIFICATE + "\",\"publishingLicense\":\"" + LICENSE
                        + "\",\"recipients\":[", "]}");
    }

    private static String items(String what, int count, String item, String head, String tail) {
        StringBuilder b = new StringBuilder(head);
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append(item);
        }
        return b.append(tail).toString();
    }

    public static AdapterResult.Forward forwarded(AdapterResult result) {
        return assertInstanceOf(AdapterResult.Forward.class, result, () -> "expected a forward, got " + result);
    }

    public static AdapterResult.Refuse refused(AdapterResult result, int status, String code) {
        AdapterResult.Refuse r = assertInstanceOf(AdapterResult.Refuse.class, result,
                () -> "expected a refusal, got " + result);
        assertEquals(status, r.status(), () -> "status of " + r);
        assertEquals(code, r.code(), () -> "code of " + r);
        return r;
    }

    public static Map<String, Object> json(byte[] body) {
        try {
            return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        } catch (java.text.ParseException e) {
            throw new AssertionError("forwarded body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    /** An instance of a configuration annotation with the given values (by method name); defaults for the rest. */
    public static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return Configs.of(type, values);
    }
}
