package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's keytool, with a deadline, to make real key stores for the tests. */
final class Keytool {
    static final String PASSWORD = "changeit-123";

    private Keytool() {
    }

    static void run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s: " + command);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + command + "\n" + out);
        }
    }

    /** A PKCS12 store with one self-signed key entry. */
    static Path selfSigned(Path dir, String file, String dname, String san, String startDate, int days)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-keystore", file, "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                dname, "-validity", String.valueOf(days)));
        if (san != null) {
            args.addAll(List.of("-ext", "san=" + san));
        }
        if (startDate != null) {
            args.addAll(List.of("-startdate", startDate));
        }
        run(dir, args.toArray(String[]::new));
        return dir.resolve(file);
    }

    /** A PKCS12 store whose key entry holds a certificate issued by a separate CA (so not self-signed). */
    static Path caSigned(Path dir, String file, String san, int days) throws IOException, InterruptedException {
        String ca = "ca-" + file;
        run(dir, "-genkeypair", "-keystore", ca, "-storetype", "PKCS12", "-storepass", PASSWORD, "-alias", "ca",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA", "-ext", "bc:c", "-validity",
                "3650");
        run(dir, "-genkeypair", "-keystore", file, "-storetype", "PKCS12", "-storepass", PASSWORD, "-alias",
                "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=server", "-validity", "10");
        run(dir, "-certreq", "-keystore", file, "-storepass", PASSWORD, "-alias", "server", "-file", file + ".csr");
        run(dir, "-gencert", "-keystore", ca, "-storepass", PASSWORD, "-alias", "ca", "-infile", file + ".csr",
                "-outfile", file + ".crt", "-ext", "san=" + san, "-validity", String.valueOf(days));
        run(dir, "-exportcert", "-keystore", ca, "-storepass", PASSWORD, "-alias", "ca", "-file", ca + ".crt");
        run(dir, "-importcert", "-noprompt", "-keystore", file, "-storepass", PASSWORD, "-alias", "ca", "-file",
                ca + ".crt");
        run(dir, "-importcert", "-noprompt", "-keystore", file, "-storepass", PASSWORD, "-alias", "server", "-file",
                file + ".crt");
        return dir.resolve(file);
    }
}
