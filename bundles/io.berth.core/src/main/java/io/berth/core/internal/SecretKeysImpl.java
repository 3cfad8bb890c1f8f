package io.berth.core.internal;

import io.berth.spi.data.SecretKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins' secret keys as files {@code ${karaf.data}/keys/<name>} holding the raw bytes, owner-only from
 * the moment they exist (written to a temporary file, then linked in place so a reader never sees half a
 * key and two managers sharing the directory agree on the first one written).
 */
@Component(service = SecretKeys.class)
public final class SecretKeysImpl implements SecretKeys {
    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$");
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeysImpl.class);

    private final Path dir;

    @Activate
    public SecretKeysImpl() {
        this(Path.of(System.getProperty("karaf.data", "data"), "keys"));
    }

    SecretKeysImpl(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized byte[] key(String name, int length) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("a key name is lower-case letters, digits, '.', '_' and '-': " + name);
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("a key has " + MIN_LENGTH + " to " + MAX_LENGTH + " bytes, not " + length);
        }
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file)) {
                create(file, length);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != length) {
                throw new IllegalArgumentException("key " + name + " has " + key.length + " bytes, not " + length);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create key " + name + " in " + dir, e);
        }
    }

    private void create(Path file, int length) throws IOException {
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = posix ? Files.createTempFile(dir, ".key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".key", ".tmp");
        try {
            byte[] key = new byte[length];
            RANDOM.nextBytes(key);
            Files.write(tmp, key);
            if (posix) {
                try {
                    Files.createLink(file, tmp); // fails when another writer was first: its key wins
                    return;
                } catch (FileAlreadyExistsException e) {
                    return;
                } catch (IOException e) {
                    // a POSIX file system without hard links here (e.g. some network mounts): move instead
                    LOG.debug("cannot link key {}: {}", file.getFileName(), e.toString());
                }
            }
            if (Files.exists(file)) {
                return;
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
