package io.berth.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals container registry passwords (AES-256-GCM with a random 96-bit nonce; the registry's
 * hostname is bound in as associated data, so a sealed password cannot be moved to another registry). The
 * key lives in {@code <dataDir>/registry-key} (Base64, readable by its owner only) and is created the first
 * time it is needed. A sealed value is {@code v1:} followed by Base64 of nonce and cipher text.
 */
final class RegistryKey {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryKey.class);
    static final String FILE = "registry-key";
    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private volatile SecretKey key;

    /** A key kept in {@code <dataDir>/registry-key}, read or created at first use. */
    RegistryKey(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /** A key given directly (tests): 32 bytes. */
    RegistryKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("a registry key has 32 bytes");
        }
        this.file = null;
        this.key = new SecretKeySpec(raw.clone(), "AES");
    }

    static byte[] random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Seals a password for the registry {@code hostname}. */
    String seal(String hostname, String password) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(hostname.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(password.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
            System.arraycopy(ct, 0, out, NONCE, ct.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java platform", e);
        }
    }

    /**
     * Opens a sealed password.
     *
     * @throws IllegalStateException when it was sealed under another key or for another registry, or is damaged
     */
    String open(String hostname, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("the stored password of registry " + hostname + " is not readable");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (in.length <= NONCE) {
                throw new IllegalStateException("the stored password of registry " + hostname + " is damaged");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
            c.updateAAD(hostname.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored password of registry " + hostname
                    + " cannot be decrypted with this manager's registry key", e);
        }
    }

    private SecretKey key() {
        SecretKey k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(load(file), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    /**
     * The key in the file, or a new one written there readable by its owner only.
     *
     * @throws UncheckedIOException when the file exists but cannot be read or holds no key (a new key would
     *         make every stored password unreadable)
     */
    static byte[] load(Path file) {
        byte[] stored = read(file);
        if (stored != null) {
            return stored;
        }
        byte[] raw = random();
        try {
            Files.createDirectories(file.getParent());
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
            LOG.info("generated the registry key and wrote it to {} (readable by its owner only)", file);
            return raw;
        } catch (FileAlreadyExistsException e) {
            byte[] other = read(file); // another manager of the same data directory was quicker
            if (other != null) {
                return other;
            }
            throw new UncheckedIOException("cannot create the registry key " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry key " + file, e);
        }
    }

    private static byte[] read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (s.isEmpty()) {
                return null;
            }
            byte[] raw = Base64.getDecoder().decode(s);
            if (raw.length != 32) {
                throw new IOException("it holds " + raw.length + " bytes, not 32");
            }
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                LOG.warn("{} is readable by others than its owner; it should have mode 600", file);
            }
            return raw;
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException("cannot read the registry key from " + file,
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }
}
