package org.rmsconnector.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

/**
 * Run in a JVM of its own with a small heap by {@link LargeFileTest}: protects and unprotects
 * a file far larger than that heap against the tenant fixture, then prints the content check
 * and the heap's peak use.
 */
public final class BigFileMain {

    private BigFileMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        Path in = dir.resolve("big.bin");
        Path prot = dir.resolve("big.bin.rmsp");
        Path out = dir.resolve("big.out");
        byte[] written = writeFile(in, size);
        try (FakeCloud cloud = FakeCloud.start();
                RmsClient client = RmsClient.create(TestSupport.config(cloud, "alice@contoso.com", dir).build())) {
            client.protectFile(in, prot, ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT);
            Files.delete(in);
            client.unprotectFile(prot, out, FileOptions.DEFAULT);
        }
        byte[] read = hash(out);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                // the sum of each pool's peak: an upper bound of the heap's peak
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("SIZE_BYTES=" + Files.size(out));
        System.out.println("PEAK_HEAP_BYTES=" + peak);
        System.out.println("MAX_HEAP_BYTES=" + Runtime.getRuntime().maxMemory());
        System.out.println(Arrays.equals(written, read) ? "CONTENT_OK" : "CONTENT_DIFFERS");
    }

    private static byte[] writeFile(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        try (OutputStream os = Files.newOutputStream(file)) {
            for (long done = 0, i = 0; done < size; i++) {
                block[(int) (i % block.length)] ^= (byte) i; // no two megabytes alike
                int n = (int) Math.min(block.length, size - done);
                os.write(block, 0, n);
                sha.update(block, 0, n);
                done += n;
            }
        }
        return sha.digest();
    }

    private static byte[] hash(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream is = Files.newInputStream(file)) {
            for (int n; (n = is.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw e;
        }
        return sha.digest();
    }
}
