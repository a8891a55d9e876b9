package org.rmsconnector.client.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.commons.files.PrivateFiles;

/** All-or-nothing output: a finished file, or the target as it was and no partial file. */
class AtomicFileOutputTest {

    @TempDir
    Path dir;

    @Test
    void aCopyLandsWholeAndOwnerOnly() throws Exception {
        Path target = dir.resolve("out.txt");
        long n = AtomicFileOutput.write(target, false, out -> stream("hello").transferTo(out));
        assertEquals(5, n);
        assertEquals("hello", Files.readString(target));
        assertEquals(null, PrivateFiles.tooOpen(target));
        assertEquals(List.of("out.txt"), names());
    }

    @Test
    void aReadFailureInTheBodyIsAnIoErrorAndLeavesNothing() throws Exception {
        Path target = dir.resolve("out.txt");
        RmsClientException e = assertThrows(RmsClientException.class, () -> AtomicFileOutput.write(target, false,
                out -> new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("chunk 2 is damaged");
                    }
                }.transferTo(out)));
        assertEquals(RmsClientException.IO, e.code());
        assertTrue(e.getMessage().contains("chunk 2 is damaged"), e.getMessage());
        assertEquals(List.of(), names());
    }

    @Test
    void withoutOverwriteAnExistingTargetStaysAsItWas() throws Exception {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "earlier");
        RmsClientException e = assertThrows(RmsClientException.class,
                () -> AtomicFileOutput.write(target, false, out -> stream("new").transferTo(out)));
        assertEquals(RmsClientException.OUTPUT_EXISTS, e.code());
        assertEquals("earlier", Files.readString(target));

        AtomicFileOutput.write(target, true, out -> stream("new").transferTo(out));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("out.txt"), names());
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
