package org.rmsconnector.sharepoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
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

/** Requests as a sharepoint server sends them, built with the protocol's own records. */
final class Fixtures {
    static final String ACCOUNT = "CONTOSO\\SP01$";
    static final String ENTRY = "CONTOSO\\SharePoint Servers";
    static final String TEMPLATE = "2f9a1c3e-7b4d-4e61-9c0a-5d8e3b2f1a47";
    /** Shape-checked only by the adapter: the cloud verifies signatures. */
    static final String CERTIFICATE = "eyJhbGciOiJQUzI1NiIsInR5cCI6InJtcy1zY2VydCtqd3QifQ.eyJ2ZXIiOjF9.c2lnbmF0dXJl";
    static final String LICENSE = "eyJhbGciOiJQUzI1NiIsInR5cCI6InJtcy1wbCtqd3QifQ.eyJ2ZXIiOjF9.c2lnbmF0dXJl";
    static final KeyPair KEYS = rsa();

    private Fixtures() {
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

    static RSAPublicKey publicKey() {
        return (RSAPublicKey) KEYS.getPublic();
    }

    static WorkloadRequest request(Operation operation, String body) {
        return request(operation, body.getBytes(StandardCharsets.UTF_8));
    }

    static WorkloadRequest request(Operation operation, byte[] body) {
        return new WorkloadRequest("req-1", operation, new Caller(ACCOUNT, "10.0.0.5", "client-certificate", true),
                new Authorization(ENTRY, Workload.SHAREPOINT, 7), body);
    }

    static PublishingLicense.Draft draft(String owner, Policy policy) throws ProtocolException {
        return PublishingLicense.Draft.create(owner, policy, null, 7, ContentKeys.generate(), publicKey());
    }

    static String publish(String owner, Policy policy, int offlineDays) throws ProtocolException {
        return new PublishRequest(PublishingLicense.Draft.create(owner, policy, null, offlineDays,
                ContentKeys.generate(), publicKey())).toJson();
    }

    static String publish(String owner, Policy policy) throws ProtocolException {
        return new PublishRequest(draft(owner, policy)).toJson();
    }

    static String certify() {
        return new CertifyRequest(PublicJwk.of(publicKey()), ACCOUNT).toJson();
    }

    /** A license request with one item per entry of {@code onBehalfOf} (null: no user). */
    static String licenses(String... onBehalfOf) {
        List<AcquireLicenseRequest.Item> items = new ArrayList<>();
        for (String user : onBehalfOf) {
            items.add(new AcquireLicenseRequest.Item(LICENSE, user));
        }
        return new AcquireLicenseRequest(CERTIFICATE, items).toJson();
    }

    static String licenses(int count) {
        return items("items", count, "{\"publishingLicense\":\"" + LICENSE + "\"}",
                "{\"serverCertificate\":\"" + CERTIFICATE + "\",\"items\":[", "]}");
    }

    static String preLicenses(int count) {
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

    static AdapterResult.Forward forwarded(AdapterResult result) {
        return assertInstanceOf(AdapterResult.Forward.class, result, () -> "expected a forward, got " + result);
    }

    static AdapterResult.Refuse refused(AdapterResult result, int status, String code) {
        AdapterResult.Refuse r = assertInstanceOf(AdapterResult.Refuse.class, result,
                () -> "expected a refusal, got " + result);
        assertEquals(status, r.status(), () -> "status of " + r);
        assertEquals(code, r.code(), () -> "code of " + r);
        return r;
    }

    static Map<String, Object> json(byte[] body) {
        try {
            return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        } catch (java.text.ParseException e) {
            throw new AssertionError("forwarded body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    /** An instance of a configuration annotation with the given values; defaults for the rest. */
    @SuppressWarnings("unchecked")
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> values.hashCode();
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        });
    }
}
