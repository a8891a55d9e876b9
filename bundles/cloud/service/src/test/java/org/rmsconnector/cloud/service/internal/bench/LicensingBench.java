package org.rmsconnector.cloud.service.internal.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.h2.jdbcx.JdbcDataSource;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudOperations;
import org.rmsconnector.cloud.service.internal.CloudServiceAssembly;
import org.rmsconnector.cloud.service.internal.DemoTenant;
import org.rmsconnector.cloud.store.JdbcTxRunner;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;

/**
 * The cloud's licensing speed, in process, against the JDK's raw RSA private-operation rate measured in the same
 * run (docs/performance.md, "Cloud licensing"). It assembles the service exactly as the OSGi component does (H2
 * file database, software keystore, demo tenant) in a temporary folder, certifies a holder key and publishes
 * documents as alice (template "Contoso - Confidential"), then measures, single-threaded, use licenses per
 * CPU-second of the whole process (JIT, GC and the usage-log writer included) for:
 * <ul>
 * <li>{@code batch100-same}: requests of 100 items carrying one publishing license;</li>
 * <li>{@code batch100-distinct}: requests of 100 items carrying 100 different publishing licenses;</li>
 * <li>{@code single-repeat}: one-item requests for one document (the content-key cache serves it);</li>
 * <li>{@code single-cold}: one-item requests cycling over more documents than the cache holds (every one unwraps).</li>
 * </ul>
 * and the JDK's RSA-3072 and RSA-2048 private operations per CPU-second (PS256 signatures and RSA-OAEP-256
 * unwraps) and P-256 ES256 signatures, printing each scenario's ratio to the RSA signatures. Every scenario is
 * warmed up before the first is measured. Every answer is checked to be a grant.
 *
 * <p>Arguments (all optional): {@code --signing auto|ES256|PS256} (default ES256), {@code --seconds N} per
 * measurement (default 5), {@code --cold-documents N} (default 1200). The last line is one machine-readable
 * summary: {@code RESULT key=value ...}.
 */
public final class LicensingBench {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LicensingBench() {
    }

    public static void main(String[] args) throws Exception {
        String signing = "ES256";
        double seconds = 5;
        int coldDocuments = 1200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--signing" -> signing = args[++i];
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--cold-documents" -> coldDocuments = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--signing auto|ES256|PS256, --seconds N, --cold-documents N)");
            }
        }
        Path dir = Files.createTempDirectory("rms-licensing-bench");
        try {
            run(dir, signing, seconds, coldDocuments);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, String signing, double seconds, int coldDocuments) throws Exception {
        System.out.printf(Locale.ROOT, "java %s on %d processors; %.1f s per measurement%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), seconds);

        KeyPair rsa3072 = Keys.generateRsaKeyPair();
        KeyPair rsa2048 = rsaKeyPair(2048);
        double sign3072 = rate("JDK RSA-3072 PS256 sign", seconds, () -> pssSign(rsa3072.getPrivate()));
        double sign2048 = rate("JDK RSA-2048 PS256 sign", seconds, () -> pssSign(rsa2048.getPrivate()));
        byte[] wrapped3072 = oaepWrap(rsa3072);
        double unwrap3072 = rate("JDK RSA-3072 OAEP unwrap", seconds, () -> oaepUnwrap(rsa3072.getPrivate(),
                wrapped3072));
        KeyPair p256 = Keys.generateP256KeyPair();
        double signP256 = rate("JDK P-256 ES256 sign", seconds, () -> ecSign(p256.getPrivate()));

        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db/cloud").toAbsolutePath() + ";LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        char[] password = "bench-keystore-password".toCharArray();
        String alicePassword = "alice-bench-" + UUID.randomUUID();
        CloudServiceAssembly.Services services = CloudServiceAssembly.start(new CloudServiceAssembly.Settings(
                new JdbcTxRunner(ds), dir.resolve("data"), password, "bench", Clock.systemUTC(), true,
                Map.of(DemoTenant.ALICE, alicePassword), null, null, signing));
        try {
            System.out.println("use licenses signed " + services.useLicenseAlgorithm());
            CloudOperations ops = services.operations();
            CloudCaller alice = services.authenticator().authenticate("Basic " + Base64.getEncoder().encodeToString(
                    (DemoTenant.ALICE + ":" + alicePassword).getBytes(StandardCharsets.UTF_8)), "bench");
            KeyPair holder = Keys.generateRsaKeyPair();
            CertifyResponse certified = ops.certify(alice, new CertifyRequest(
                    PublicJwk.of((RSAPublicKey) holder.getPublic()), DemoTenant.ALICE));
            String cert = certified.certificate();
            RSAPublicKey tenantKey = services.tenantKey().publicKey();
            String template = ops.templates(alice).templates().stream()
                    .filter(t -> t.name().equals(DemoTenant.CONFIDENTIAL)).findFirst().orElseThrow().id();
            System.out.println("publishing " + Math.max(100, coldDocuments) + " documents…");
            List<String> documents = new ArrayList<>();
            for (int i = 0; i < Math.max(100, coldDocuments); i++) {
                documents.add(publish(ops, alice, template, tenantKey));
            }

            List<AcquireLicenseRequest.Item> same = new ArrayList<>();
            List<AcquireLicenseRequest.Item> distinct = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                same.add(new AcquireLicenseRequest.Item(documents.get(0), null));
                distinct.add(new AcquireLicenseRequest.Item(documents.get(i), null));
            }
            AcquireLicenseRequest batchSame = new AcquireLicenseRequest(cert, same);
            AcquireLicenseRequest batchDistinct = new AcquireLicenseRequest(cert, distinct);
            AcquireLicenseRequest single = new AcquireLicenseRequest(cert,
                    List.of(new AcquireLicenseRequest.Item(documents.get(0), null)));
            int[] next = {0};
            Op coldOne = () -> grant(ops, alice, new AcquireLicenseRequest(cert, List.of(
                    new AcquireLicenseRequest.Item(documents.get(next[0]++ % documents.size()), null))));

            System.out.println("warming up every scenario…");
            for (Op op : List.<Op>of(() -> grant(ops, alice, batchSame), () -> grant(ops, alice, batchDistinct),
                    () -> grant(ops, alice, single), coldOne)) {
                loop(seconds / 2, op);
            }
            double same100 = rate("licenses, batch100-same", seconds, 100, () -> grant(ops, alice, batchSame));
            double distinct100 = rate("licenses, batch100-distinct", seconds, 100,
                    () -> grant(ops, alice, batchDistinct));
            double singleRepeat = rate("licenses, single-repeat", seconds, 1, () -> grant(ops, alice, single));
            double singleCold = rate("licenses, single-cold (" + documents.size() + " documents)", seconds, 1,
                    coldOne);

            System.out.println();
            System.out.printf(Locale.ROOT, "%-34s %10s %14s %14s%n", "scenario", "lic/CPU-s", "/RSA-3072 sign",
                    "/RSA-2048 sign");
            for (Object[] row : new Object[][] {{"batch100-same", same100}, {"batch100-distinct", distinct100},
                {"single-repeat", singleRepeat}, {"single-cold", singleCold}}) {
                double r = (Double) row[1];
                System.out.printf(Locale.ROOT, "%-34s %10.0f %14.2f %14.2f%n", row[0], r, r / sign3072, r / sign2048);
            }
            System.out.printf(Locale.ROOT, "RESULT signing=%s rsa3072_sign=%.0f rsa2048_sign=%.0f rsa3072_unwrap=%.0f"
                    + " p256_sign=%.0f batch100_same=%.0f batch100_distinct=%.0f single_repeat=%.0f single_cold=%.0f"
                    + " ratio_batch100_same_rsa2048=%.2f ratio_single_repeat_rsa2048=%.2f"
                    + " ratio_batch100_same_rsa3072=%.2f ratio_single_repeat_rsa3072=%.2f%n",
                    services.useLicenseAlgorithm(), sign3072, sign2048, unwrap3072, signP256, same100, distinct100,
                    singleRepeat, singleCold, same100 / sign2048, singleRepeat / sign2048, same100 / sign3072,
                    singleRepeat / sign3072);
        } finally {
            services.close();
            try (var c = ds.getConnection(); var s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    private static String publish(CloudOperations ops, CloudCaller alice, String template, RSAPublicKey tenantKey)
            throws Exception {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        PublishingLicense.Draft draft = PublishingLicense.Draft.create(DemoTenant.ALICE, Policy.template(template),
                null, 7, key, tenantKey);
        return ops.publish(alice, new PublishRequest(draft)).publishingLicense();
    }

    private static void grant(CloudOperations ops, CloudCaller caller, AcquireLicenseRequest request)
            throws Exception {
        AcquireLicenseResponse r = ops.acquireLicense(caller, request);
        for (LicenseResult result : r.results()) {
            if (!result.isSuccess()) {
                throw new IllegalStateException("the benchmark's request was refused: " + result.error());
            }
        }
    }

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    private static double rate(String what, double seconds, Op op) throws Exception {
        return rate(what, seconds, 1, op);
    }

    /** Operations (× {@code perCall}) per CPU-second of the whole process, after a warm-up of a fifth as long. */
    private static double rate(String what, double seconds, int perCall, Op op) throws Exception {
        loop(seconds / 5, op);
        long[] calls = new long[1];
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        calls[0] = loop(seconds, op);
        double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double perCpuSecond = calls[0] * perCall / cpuSeconds;
        System.out.printf(Locale.ROOT, "%-48s %8d in %6.2f CPU-s (%6.2f s wall): %8.0f /CPU-s%n", what,
                calls[0] * perCall, cpuSeconds, wallSeconds, perCpuSecond);
        return perCpuSecond;
    }

    private static long loop(double seconds, Op op) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        do {
            op.run();
            n++;
        } while (System.nanoTime() < end);
        return n;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static KeyPair rsaKeyPair(int bits) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, RANDOM);
        return g.generateKeyPair();
    }

    private static final byte[] MESSAGE = "a use license's signing input is about this long".repeat(20)
            .getBytes(StandardCharsets.US_ASCII);

    private static void pssSign(PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        s.initSign(key);
        s.update(MESSAGE);
        s.sign();
    }

    private static void ecSign(PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(MESSAGE);
        s.sign();
    }

    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private static byte[] oaepWrap(KeyPair pair) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, pair.getPublic(), OAEP);
        return c.doFinal(new byte[32]);
    }

    private static void oaepUnwrap(PrivateKey key, byte[] wrapped) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.DECRYPT_MODE, key, OAEP);
        c.doFinal(wrapped);
    }
}
