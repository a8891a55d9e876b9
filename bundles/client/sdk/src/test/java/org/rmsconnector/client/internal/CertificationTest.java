package org.rmsconnector.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.FakeCloud;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.TestSupport;
import org.rmsconnector.protocol.ServerCertificate;

/** The server certificate: obtained once, cached on disk, renewed near its end, retried when the service refuses it. */
class CertificationTest {

    FakeCloud cloud;
    @TempDir
    Path homes;

    @BeforeEach
    void start() throws IOException {
        cloud = FakeCloud.start();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private RmsClient client(Clock clock) {
        ClientConfig c = TestSupport.config(cloud, "alice@contoso.com", homes).build();
        return new DefaultRmsClient(c, null, clock);
    }

    @Test
    void certifiesOnceAndReusesTheCertificateAcrossClients() throws Exception {
        ServerCertificate first;
        try (RmsClient a = client(Clock.systemUTC())) {
            first = a.certify();
            assertEquals("alice@contoso.com", first.subject());
            assertNull(first.role(), "an online user has no server role");
            a.certify();
        }
        try (RmsClient b = client(Clock.systemUTC())) {
            assertEquals(first.serial(), b.certify().serial(), "read from the cache on disk");
        }
        assertEquals(1, cloud.calls("certification.asmx"));
    }

    @Test
    void renewsACachedCertificateCloseToItsEnd() throws Exception {
        cloud.certificateValidity(Duration.ofHours(1), Duration.ZERO);
        ServerCertificate first;
        try (RmsClient a = client(Clock.systemUTC())) {
            first = a.certify();
        }
        // 58 minutes later the cached certificate has 2 minutes left: less than the renewal margin
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(58));
        try (RmsClient b = client(later)) {
            ServerCertificate renewed = b.certify();
            assertNotEquals(first.serial(), renewed.serial());
        }
        assertEquals(2, cloud.calls("certification.asmx"));
    }

    @Test
    void aCertificateTheServiceNoLongerTakesIsRenewedOnceAndTheRequestRetried() throws Exception {
        ByteArrayOutputStream prot = new ByteArrayOutputStream();
        try (RmsClient a = client(Clock.systemUTC())) {
            a.protect(new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)), prot,
                    ProtectOptions.template(FakeCloud.TEMPLATE_ID));
            cloud.fail(new FakeCloud.Failure("license.asmx", 400,
                    "{\"code\":\"EXPIRED\",\"message\":\"server certificate expired\"}", Map.of(), 1));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            a.unprotect(new ByteArrayInputStream(prot.toByteArray()), back);
            assertEquals("hi", back.toString(StandardCharsets.UTF_8));
        }
        assertEquals(2, cloud.calls("certification.asmx"));
        assertEquals(2, cloud.calls("license.asmx"));
    }

    @Test
    void aCertificateNotValidNowIsRefusedWithAHintAboutTheClock() throws Exception {
        cloud.certificateValidity(Duration.ofHours(1), Duration.ofHours(3));
        try (RmsClient a = client(Clock.fixed(Instant.now(), ZoneOffset.UTC))) {
            RmsClientException e = assertThrows(RmsClientException.class, a::certify);
            assertEquals(RmsClientException.BAD_RESPONSE, e.code());
            assertTrue(e.getMessage().contains("clock"), e.getMessage());
        }
    }

    @Test
    void withoutAnIdentityOnlyServerInfoWorks() throws Exception {
        ClientConfig anonymous = ClientConfig.builder(cloud.uri()).home(homes.resolve("anon")).build();
        try (RmsClient c = RmsClient.create(anonymous)) {
            assertEquals(FakeCloud.TENANT_ID, c.serverInfo().tenantId());
            RmsClientException e = assertThrows(RmsClientException.class, c::certify);
            assertEquals(RmsClientException.BAD_ARGUMENT, e.code());
            assertEquals(RmsClientException.BAD_ARGUMENT, assertThrows(RmsClientException.class, c::templates).code());
        }
    }
}
