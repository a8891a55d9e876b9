package org.rmsconnector.authorization.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for a test with the JDK's keytool: a trusted issuing CA, an untrusted ("rogue") CA, and leaf
 * certificates for one server key issued by either, with whatever subject, names, usage and validity a test needs.
 */
final class TestCertificates {
    static final String PASSWORD = "test-store-pin";
    private static final long KEYTOOL_DEADLINE_SECONDS = 60;

    private final Path dir;
    private int serial;
    final X509Certificate ca;
    final X509Certificate rogueCa;

    TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        ca = newCa("ca.p12", "CN=RMS Test Issuing CA,O=RMS Connector Tests");
        rogueCa = newCa("rogue.p12", "CN=Somebody Else's CA,O=Elsewhere");
        keytool("-genkeypair", "-keystore", store("leaf.p12"), "-storepass", PASSWORD, "-storetype", "PKCS12",
                "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=placeholder",
                "-validity", "1");
        keytool("-certreq", "-keystore", store("leaf.p12"), "-storepass", PASSWORD, "-alias", "leaf", "-file",
                store("leaf.csr"));
    }

    private X509Certificate newCa(String file, String dname) throws Exception {
        keytool("-genkeypair", "-keystore", store(file), "-storepass", PASSWORD, "-storetype", "PKCS12", "-alias",
                "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-startdate", "-30d", "-validity",
                "400", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign");
        String cer = store(file + ".cer");
        keytool("-exportcert", "-keystore", store(file), "-storepass", PASSWORD, "-alias", "ca", "-file", cer);
        return read(Path.of(cer));
    }

    /** A leaf certificate issued by the trusted CA. */
    Leaf trusted(String dname) {
        return new Leaf("ca.p12", dname);
    }

    /** A leaf certificate issued by a CA the trust store does not hold. */
    Leaf untrusted(String dname) {
        return new Leaf("rogue.p12", dname);
    }

    /** A leaf certificate being described, then issued. */
    final class Leaf {
        private final String issuer;
        private final String dname;
        private String startDate = "-1d";
        private int validityDays = 30;
        private final List<String> extensions = new ArrayList<>();

        private Leaf(String issuer, String dname) {
            this.issuer = issuer;
            this.dname = dname;
        }

        /** keytool's -startdate: {@code -20d}, {@code +10d}, … */
        Leaf validFrom(String start, int days) {
            this.startDate = start;
            this.validityDays = days;
            return this;
        }

        Leaf dnsNames(String... names) {
            List<String> parts = new ArrayList<>();
            for (String n : names) {
                parts.add("dns:" + n);
            }
            extensions.add("san=" + String.join(",", parts));
            return this;
        }

        /** A subject alternative name with the user principal name (and any DNS names), written as raw DER. */
        Leaf upn(String upn, String... dnsNames) {
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            byte[] oid = tlv(0x06, HexFormat.of().parseHex("2b0601040182371402 03".replace(" ", "")));
            byte[] value = tlv(0xA0, tlv(0x0C, upn.getBytes(StandardCharsets.UTF_8)));
            names.writeBytes(tlv(0xA0, concat(oid, value)));
            for (String dns : dnsNames) {
                names.writeBytes(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            extensions.add("2.5.29.17=" + HexFormat.of().formatHex(tlv(0x30, names.toByteArray())));
            return this;
        }

        Leaf extendedKeyUsage(String usage) {
            extensions.add("eku=" + usage);
            return this;
        }

        X509Certificate issue() throws Exception {
            String out = store("leaf-" + (++serial) + ".cer");
            List<String> args = new ArrayList<>(List.of("-gencert", "-keystore", store(issuer), "-storepass",
                    PASSWORD, "-alias", "ca", "-infile", store("leaf.csr"), "-outfile", out, "-dname", dname,
                    "-startdate", startDate, "-validity", Integer.toString(validityDays)));
            for (String ext : extensions) {
                args.add("-ext");
                args.add(ext);
            }
            keytool(args.toArray(String[]::new));
            return read(Path.of(out));
        }
    }

    /** A trust store file of the given type holding the given certificates. */
    Path trustStore(String name, String type, X509Certificate... certificates) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : certificates) {
            store.setCertificateEntry("trusted-" + (i++), c);
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private String store(String name) {
        return dir.resolve(name).toString();
    }

    static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.add("-noprompt");
        Path log = dir.resolve("keytool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close(); // -noprompt: keytool must never wait for input
        if (!process.waitFor(KEYTOOL_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within " + KEYTOOL_DEADLINE_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n"
                    + Files.readString(log));
        }
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xFF);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
