package org.rmsconnector.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Small helpers shared by the tests. */
public final class TestSupport {

    public static final Map<String, String> PASSWORDS = Map.of("alice@contoso.com", "alice-pw",
            "bob@contoso.com", "bob-pw", "carol@contoso.com", "carol-pw");

    private TestSupport() {
    }

    /** A configuration for {@code user} at {@code cloud}, keeping its key in {@code homes/user}. */
    public static ClientConfig.Builder config(FakeCloud cloud, String user, Path homes) {
        return ClientConfig.builder(cloud.uri()).user(user, PASSWORDS.get(user).toCharArray())
                .home(homes.resolve(user));
    }

    /** Reproducible bytes. */
    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Every file in {@code dir} except {@code except}: what an operation left behind. */
    public static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
