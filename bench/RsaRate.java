import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The JDK's raw RSA private-operation rate on one core: the yardstick the benchmark divides licences per CPU-second
 * by (bench/run, docs/performance.md). Run as a single-file program: {@code java bench/RsaRate.java [SECONDS]}.
 *
 * <p>For RSA-3072 and RSA-2048 it times, on one thread, the two private operations a licence costs the cloud: a
 * PS256 signature (what signs licences) and an RSA-OAEP-256 decryption (what unwraps a content key). The figure is
 * operations per CPU-second of the measuring thread, so other load on the machine lowers it less than a wall-clock
 * rate would. Prints {@code key=value} lines, e.g. {@code rsa3072.sign.per_cpu_s=402.1}.
 */
public final class RsaRate {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        for (int bits : new int[] {3072, 2048}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair keys = generator.generateKeyPair();
            byte[] message = new byte[600];
            Signature signer = Signature.getInstance("RSASSA-PSS");
            signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            signer.initSign(keys.getPrivate());
            Cipher wrap = Cipher.getInstance("RSA/ECB/OAEPPadding");
            OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT);
            wrap.init(Cipher.ENCRYPT_MODE, keys.getPublic(), oaep);
            byte[] wrapped = wrap.doFinal(new byte[32]);
            Cipher unwrap = Cipher.getInstance("RSA/ECB/OAEPPadding");
            unwrap.init(Cipher.DECRYPT_MODE, keys.getPrivate(), oaep);

            Op sign = () -> {
                signer.update(message);
                signer.sign();
            };
            Op decrypt = () -> unwrap.doFinal(wrapped);
            rate(sign, seconds / 5); // warm up the JIT
            rate(decrypt, seconds / 5);
            print("rsa" + bits + ".sign", rate(sign, seconds));
            print("rsa" + bits + ".decrypt", rate(decrypt, seconds));
        }
    }

    /** Operations per CPU-second and per wall-second of this thread over about {@code seconds}. */
    private static double[] rate(Op op, double seconds) throws Exception {
        long wallStart = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long deadline = wallStart + (long) (seconds * 1e9);
        long count = 0;
        do {
            op.run();
            count++;
        } while (System.nanoTime() < deadline);
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        return new double[] {count / cpu, count / wall};
    }

    private static void print(String name, double[] rate) {
        System.out.printf(Locale.ROOT, "%s.per_cpu_s=%.1f%n%s.per_wall_s=%.1f%n", name, rate[0], name, rate[1]);
    }

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }
}
