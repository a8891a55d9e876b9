package org.rmsconnector.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constant memory: a file much larger than the heap goes through protectFile and unprotectFile
 * in a JVM whose heap is capped far below the file size. Size and heap can be raised for a
 * manual run, e.g. {@code -Drms.bigfile.mb=1024 -Drms.bigfile.xmx=128m}.
 */
class LargeFileTest {

    @TempDir
    Path dir;

    @Test
    void protectsAndUnprotectsAFileFarLargerThanTheHeap() throws Exception {
        long size = Long.getLong("rms.bigfile.mb", 200) * 1024 * 1024;
        String xmx = System.getProperty("rms.bigfile.xmx", "48m");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-cp", classPath, BigFileMain.class.getName(), dir.toString(), Long.toString(size))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            fail("the large-file run did not finish within 5 minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("CONTENT_OK"), out);
        assertEquals(size, number(out, "SIZE_BYTES"));
        long peak = number(out, "PEAK_HEAP_BYTES");
        assertTrue(peak < size / 4, "peak heap " + peak + " bytes should be far below the file size " + size);
        // every byte went through: the plaintext was read back, so nothing was skipped; only these remain
        assertEquals(List.of("alice@contoso.com", "big.bin.rmsp", "big.out", "child.log"), TestSupport.filesIn(dir));
    }

    private static long number(String out, String key) {
        Matcher m = Pattern.compile(key + "=(\\d+)").matcher(out);
        assertTrue(m.find(), key + " missing in:\n" + out);
        return Long.parseLong(m.group(1));
    }
}
