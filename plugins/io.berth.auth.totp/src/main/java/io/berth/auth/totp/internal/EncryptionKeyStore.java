package io.berth.auth.totp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The AES key that encrypts enrolments: decoding the configured value, generating a new one, and storing
 * it in the component's own configuration so that it outlives the bundle.
 *
 * <p>Storing goes through Configuration Admin ({@code getConfiguration(pid, "?")}, then {@code update}),
 * which keeps it in Karaf's configuration store across restarts and feature uninstall/install. Karaf's
 * file install writes a configuration back to {@code etc/<pid>.cfg} only when that file already exists and
 * the configuration names it in {@code felix.fileinstall.filename}; so, like Karaf's own
 * {@code config:edit}, this writes the file first when there is none (owner-only permissions where the
 * file system has them) and points the configuration at it. The key then survives {@code bin/karaf clean}
 * as well, and an administrator can see and back it up.
 */
final class EncryptionKeyStore {
    /** Set by Karaf file install on configurations that come from (and are saved to) a file. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final ConfigurationAdmin configAdmin;
    private final String pid;
    private final Path etcDir;
    private final SecureRandom random;

    /** @param etcDir Karaf's {@code etc} directory, or null outside Karaf (then no file is written) */
    EncryptionKeyStore(ConfigurationAdmin configAdmin, String pid, Path etcDir, SecureRandom random) {
        this.configAdmin = configAdmin;
        this.pid = pid;
        this.etcDir = etcDir;
        this.random = random;
    }

    /** Decodes a configured key: Base64 (standard or URL-safe) of exactly 32 bytes; empty otherwise. */
    static Optional<byte[]> decode(String configured) {
        if (configured == null) {
            return Optional.empty();
        }
        String s = configured.trim();
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
            try {
                byte[] key = decoder.decode(s);
                if (key.length == SecretCipher.KEY_BYTES) {
                    return Optional.of(key);
                }
            } catch (IllegalArgumentException e) {
                // try the next alphabet
            }
        }
        return Optional.empty();
    }

    static String encode(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    byte[] generate() {
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /**
     * Writes the key into the configuration under {@code property}, keeping every other property; this
     * makes Configuration Admin deliver the configuration (with the key) to the component again.
     */
    void store(String property, byte[] key) throws IOException {
        Configuration cfg = configAdmin.getConfiguration(pid, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        Dictionary<String, Object> old = cfg.getProperties();
        if (old != null) {
            for (Enumeration<String> keys = old.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                if (!Constants.SERVICE_PID.equals(k) && !ConfigurationAdmin.SERVICE_FACTORYPID.equals(k)
                        && !ConfigurationAdmin.SERVICE_BUNDLELOCATION.equals(k)) {
                    props.put(k, old.get(k));
                }
            }
        }
        props.put(property, encode(key));
        Path file = backingFile(props.get(FILEINSTALL_FILENAME));
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                writeNew(file, props);
            }
            props.put(FILEINSTALL_FILENAME, file.toUri().toString());
        }
        cfg.update(props);
    }

    private Path backingFile(Object fileName) {
        if (fileName != null) {
            try {
                return Paths.get(URI.create(fileName.toString()));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return null;
            }
        }
        return etcDir == null ? null : etcDir.resolve(pid + ".cfg");
    }

    private static void writeNew(Path file, Map<String, Object> props) throws IOException {
        Properties p = new Properties();
        props.forEach((k, v) -> {
            if (!FILEINSTALL_FILENAME.equals(k)) {
                p.setProperty(k, String.valueOf(v));
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a name file install does not pick up (its filter is *.cfg / *.config / *.json), moved in place whole
        // owner-only from the start where the file system has POSIX modes; elsewhere its own access rules apply
        Path tmp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Berth TOTP second factor: .encryption_key encrypts every enrolment; keep it and back it up");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } catch (FileAlreadyExistsException e) {
            // written meanwhile by someone else; file install keeps it in step with the configuration
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
