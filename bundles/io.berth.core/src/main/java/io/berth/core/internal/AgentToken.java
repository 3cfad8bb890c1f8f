package io.berth.core.internal;

import io.berth.core.error.AuthenticationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret the manager shares with its agents. Only its SHA-256 digest is kept; a presented token is
 * digested too and the two digests are compared in constant time, so neither the content nor the length
 * of the token shows in the time a check takes.
 */
final class AgentToken {
    private static final Logger LOG = LoggerFactory.getLogger(AgentToken.class);
    /** The comparison every real check uses. */
    static final BiPredicate<byte[], byte[]> CONSTANT_TIME = MessageDigest::isEqual;
    /** The file under the data directory that holds the token when none is configured. */
    static final String FILE = "agent-token";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final byte[] digest;
    private final BiPredicate<byte[], byte[]> equal;

    AgentToken(String token) {
        this(token, CONSTANT_TIME);
    }

    AgentToken(String token, BiPredicate<byte[], byte[]> equal) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the agent token must not be empty");
        }
        this.digest = sha256(token);
        this.equal = equal;
    }

    BiPredicate<byte[], byte[]> comparator() {
        return equal;
    }

    /** Passes for the right token; anything else, a missing token included, is a 401 that says no more. */
    void check(String given) {
        if (!equal.test(digest, sha256(given == null ? "" : given))) {
            throw new AuthenticationException("invalid agent token");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** 32 random bytes, Base64url without padding (43 characters). */
    static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The configured token when there is one; else the one in {@code <dataDir>/agent-token}; else a new one,
     * written to that file readable by its owner only (so an agent in the same Karaf, or an operator, can
     * read it). The file holds the token alone, without a line break; readers strip white space.
     *
     * @throws UncheckedIOException when the file exists but cannot be read (a new token would lock out the
     *         agents that know the old one)
     */
    static String resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        Path file = dataDir.resolve(FILE);
        String stored = read(file);
        if (stored != null) {
            return stored;
        }
        String token = generate();
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file); // a blank file: replace it
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file); // no POSIX modes here: the data directory's own access rules apply
            }
            Files.writeString(file, token, StandardCharsets.UTF_8);
            LOG.info("generated the agent token and wrote it to {} (readable by its owner only)", file);
        } catch (FileAlreadyExistsException e) {
            String other = read(file); // another manager of the same data directory was quicker
            if (other != null) {
                return other;
            }
            LOG.warn("could not write the agent token to {}: {}; agents must be given agent.token", file, e.toString());
        } catch (IOException e) {
            LOG.warn("could not write the agent token to {}: {}; agents must be given agent.token", file, e.toString());
        }
        return token;
    }

    private static String read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) {
                return null;
            }
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                LOG.warn("{} is readable by others than its owner; it should have mode 600", file);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent token from " + file, e);
        }
    }
}
