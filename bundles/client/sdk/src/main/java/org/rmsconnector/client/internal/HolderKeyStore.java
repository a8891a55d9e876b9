package org.rmsconnector.client.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.commons.files.PrivateFiles;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.SelfSignedCertificate;

/**
 * The client's own key material in its home directory: the holder RSA key pair (a PKCS#12
 * file, generated on first use) and the server certificates the service issued for it, one
 * per service and identity.
 *
 * <p>Everything is owner-only, and a key store that others can read is refused rather than
 * used, as ssh does. The PKCS#12 format requires a password; it is random and kept beside the
 * store, so the protection at rest is the file permission (like an ssh key without a
 * passphrase). Creation is serialized across threads and processes, so two clients starting
 * together end up with one key.
 */
public final class HolderKeyStore {

    /** The key store file. */
    public static final String KEY_STORE_FILE = "holder.p12";
    /** Its password. */
    public static final String PASSWORD_FILE = "holder.p12.password";
    /** Cached server certificates (certify responses). */
    public static final String CERTIFICATES_DIR = "certificates";

    private static final String ALIAS = "holder";
    private static final String LOCK_FILE = ".lock";
    private static final Duration LOCK_DEADLINE = Duration.ofSeconds(30);
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path home;

    /** The store in {@code home}; nothing is touched until it is used. */
    public HolderKeyStore(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** The home directory. */
    public Path home() {
        return home;
    }

    /** The holder key pair: loaded, or generated and stored on first use. */
    public KeyPair holderKey() throws RmsClientException {
        Path store = home.resolve(KEY_STORE_FILE);
        Path password = home.resolve(PASSWORD_FILE);
        try {
            if (Files.exists(store)) {
                return load(store, password);
            }
            return locked(() -> Files.exists(store) ? load(store, password) : create(store, password));
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.KEY_STORE,
                    "cannot use the holder key store in " + home + ": " + e.getMessage(), e);
        }
    }

    /** The cached certify response for {@code cacheKey}, if any (validity is the caller's business). */
    public Optional<CertifyResponse> cachedCertificate(String cacheKey) throws RmsClientException {
        Path file = certificateFile(cacheKey);
        try {
            return Optional.of(CertifyResponse.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (ProtocolException e) {
            // A damaged cache entry costs one certify call, nothing more.
            return Optional.empty();
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.KEY_STORE,
                    "cannot read the cached server certificate " + file + ": " + e.getMessage(), e);
        }
    }

    /** Caches {@code response} under {@code cacheKey}, replacing an older one atomically. */
    public void storeCertificate(String cacheKey, CertifyResponse response) throws RmsClientException {
        Path dir = home.resolve(CERTIFICATES_DIR);
        try {
            PrivateFiles.createDirectories(dir);
            writeAtomically(certificateFile(cacheKey), response.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.KEY_STORE,
                    "cannot cache the server certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the cached certificate for {@code cacheKey}. */
    public void forgetCertificate(String cacheKey) {
        try {
            Files.deleteIfExists(certificateFile(cacheKey));
        } catch (IOException e) {
            // the next certify overwrites it anyway
        }
    }

    /** A file-name-safe key for a service and identity: SHA-256, base64url. */
    public static String cacheKey(String serviceUrl, String identity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((serviceUrl + "\n" + identity).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path certificateFile(String cacheKey) {
        return home.resolve(CERTIFICATES_DIR).resolve(cacheKey + ".json");
    }

    private KeyPair load(Path store, Path passwordFile) throws IOException, RmsClientException {
        refuseIfOpen(store);
        if (!Files.exists(passwordFile)) {
            throw new RmsClientException(RmsClientException.KEY_STORE, "the holder key store " + store
                    + " exists but its password file " + passwordFile + " is missing; move the key store away to "
                    + "start over with a new key (the service will certify it on next use)");
        }
        refuseIfOpen(passwordFile);
        char[] password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance(store.toFile(), password);
            Key key = ks.getKey(ALIAS, password);
            Certificate cert = ks.getCertificate(ALIAS);
            if (!(key instanceof PrivateKey pk) || cert == null || !(cert.getPublicKey() instanceof RSAPublicKey pub)) {
                throw new RmsClientException(RmsClientException.KEY_STORE,
                        "the holder key store " + store + " holds no RSA key named '" + ALIAS + "'");
            }
            return new KeyPair(pub, pk);
        } catch (GeneralSecurityException e) {
            throw new RmsClientException(RmsClientException.KEY_STORE,
                    "cannot read the holder key store " + store + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private KeyPair create(Path store, Path passwordFile) throws IOException, RmsClientException {
        KeyPair keys = Keys.generateRsaKeyPair();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        char[] password = pw.toCharArray();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, keys.getPrivate(), password,
                    new Certificate[] {SelfSignedCertificate.create("rms-client holder key",
                            keys.getPublic(), keys.getPrivate(), Instant.now(), SelfSignedCertificate.NO_EXPIRY)});
            // Password first: a store without its password is unusable, a password without a store is harmless.
            writeAtomically(passwordFile, (pw + "\n").getBytes(StandardCharsets.US_ASCII));
            Path temp = PrivateFiles.createTempFile(home, ".holder", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                    ks.store(out, password);
                }
                move(temp, store);
            } finally {
                Files.deleteIfExists(temp);
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new RmsClientException(RmsClientException.KEY_STORE,
                    "cannot create the holder key store " + store + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = PrivateFiles.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void refuseIfOpen(Path file) throws IOException, RmsClientException {
        String perms = PrivateFiles.tooOpen(file);
        if (perms != null) {
            throw new RmsClientException(RmsClientException.KEY_STORE, file + " is accessible to other users ("
                    + perms + "); it holds the client's private key material. Run: chmod 600 '" + file + "'");
        }
    }

    private interface Work<T> {
        T run() throws IOException, RmsClientException;
    }

    // File locks are per process, not per thread (a second lock in the same JVM throws), hence two layers.
    private <T> T locked(Work<T> work) throws IOException, RmsClientException {
        PrivateFiles.createDirectories(home);
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(home, h -> new ReentrantLock());
        try {
            if (!jvmLock.tryLock(LOCK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw lockTimeout();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RmsClientException(RmsClientException.CANCELLED, "interrupted while waiting for " + home);
        }
        try {
            Path lockFile = home.resolve(LOCK_FILE);
            if (!Files.exists(lockFile)) {
                try {
                    PrivateFiles.createFile(lockFile);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process made it first: fine
                }
            }
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                long deadline = System.nanoTime() + LOCK_DEADLINE.toNanos();
                FileLock lock;
                while ((lock = tryLock(ch)) == null) {
                    if (System.nanoTime() > deadline) {
                        throw lockTimeout();
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RmsClientException(RmsClientException.CANCELLED,
                                "interrupted while waiting for " + lockFile);
                    }
                }
                try {
                    return work.run();
                } finally {
                    lock.release();
                }
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private RmsClientException lockTimeout() {
        return new RmsClientException(RmsClientException.KEY_STORE, "another process has held "
                + home.resolve(LOCK_FILE)
                + " for more than " + LOCK_DEADLINE.toSeconds() + " s; if none is running, delete that file");
    }
}
