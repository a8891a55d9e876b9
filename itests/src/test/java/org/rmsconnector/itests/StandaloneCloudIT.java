package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

/** {@code bin/rms-cloud}: the cloud service alone, without the connector, serving online users. */
public class StandaloneCloudIT {

    private InstalledNode node;

    @After
    public void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void theServiceRunsAloneAndServesOnlineUsers() throws Exception {
        node = InstalledNode.install().start("rms-cloud");
        node.awaitFile(node.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        HttpResponse<String> info = node.await(node.client(),
                HttpRequest.newBuilder(node.cloud("/_wmcs/licensing/server.asmx")).build(), 200,
                Duration.ofSeconds(30), "\"tenantId\"");
        assertTrue(info.body(), info.body().contains("Contoso (demo)"));
        // no relay in this feature: the connector's front door is not there
        assertFalse(node.output().contains("org.rmsconnector.relay"));

        Path work = Files.createDirectories(node.home.getParent().resolve("work"));
        Path memo = Files.writeString(work.resolve("memo.txt"), "standalone");
        Map<String, String> env = Map.of("RMS_SERVICE_URL", node.cloud("").toString());
        InstalledNode.Run protect = node.rmsctl(env, Duration.ofSeconds(60), "--user", "alice@contoso.com",
                "--password-file", node.home.resolve("data/cloud/demo/alice@contoso.com.password").toString(),
                "--home", work.resolve("alice").toString(), "protect", memo.toString(),
                "--grant", "bob@contoso.com:VIEW,EXPORT");
        assertEquals(protect.err(), 0, protect.exit());
        InstalledNode.Run unprotect = node.rmsctl(env, Duration.ofSeconds(60), "--user", "bob@contoso.com",
                "--password-file", node.home.resolve("data/cloud/demo/bob@contoso.com.password").toString(),
                "--home", work.resolve("bob").toString(), "unprotect", work.resolve("memo.txt.rmsp").toString(),
                "-o", work.resolve("memo-bob.txt").toString());
        assertEquals(unprotect.err(), 0, unprotect.exit());
        assertEquals("standalone", Files.readString(work.resolve("memo-bob.txt")));

        // the directory imported from a real LDAP server, configured by a file dropped into etc/cloud/
        try (LdapServer ldap = LdapServer.start()) {
            Files.writeString(node.home.resolve("etc/cloud/org.rmsconnector.cloud.ldap.cfg"), String.join("\n",
                    "host=127.0.0.1", "port=" + ldap.port(), "security=NONE", "base.dn=dc=fabrikam,dc=com",
                    "interval.minutes=60", ""));
            String adminPassword = Files.readString(node.home.resolve("data/cloud/demo/admin@contoso.com.password"))
                    .strip();
            String basic = java.util.Base64.getEncoder().encodeToString(("admin@contoso.com:" + adminPassword)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> users = node.await(node.client(),
                    HttpRequest.newBuilder(node.cloud("/_wmcs/admin/directory/users"))
                            .header("Authorization", "Basic " + basic).build(),
                    200, Duration.ofSeconds(30), "dave@fabrikam.com");
            assertTrue(users.body(), users.body().contains("erin@fabrikam.com"));
        }

        assertTrue(node.stop(Duration.ofSeconds(30)));
        assertTrue("logs to log/cloud.log", Files.exists(node.home.resolve("log/cloud.log")));
    }
}
