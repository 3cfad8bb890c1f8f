package io.berth.storage.netapp.internal;

import io.berth.spi.storage.QuotaScope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The qtree of a quota scope. ONTAP keeps qtrees only at the top of a volume, so each scope is one
 * qtree named {@code berth_<kind>_<scopeId>}, e.g. {@code berth_project_p1}.
 *
 * <p>ONTAP limits qtree names to 64 characters. A scope id is up to 128 characters, so a name that
 * would be longer becomes {@code berth_<kind>-sha256_<h>} with {@code <h>} the first 40 hex digits of
 * the SHA-256 of the scope id (at most 61 characters, stable across releases). The {@code -} right
 * after the kind never occurs in a direct name (there a {@code _} follows the kind), so hashed and
 * direct names never collide. Scope ids consist of letters, digits and {@code . _ -} only, all of
 * which are valid in qtree names; ids that differ only in case give different qtrees, which needs a
 * volume with case-sensitive names (NFS/UNIX volumes are).
 */
final class QtreeNames {
    /** The longest qtree name ONTAP accepts. */
    static final int MAX_LENGTH = 64;
    private static final int HASH_HEX_DIGITS = 40;

    private QtreeNames() {
    }

    /**
     * The qtree name of a scope.
     *
     * @param scope the scope
     * @return {@code berth_<kind>_<id>}, or the hashed form when that is longer than {@value #MAX_LENGTH}
     */
    static String of(QuotaScope scope) {
        String kind = scope.kind().directoryName();
        String direct = "berth_" + kind + "_" + scope.id();
        if (direct.length() <= MAX_LENGTH) {
            return direct;
        }
        return "berth_" + kind + "-sha256_" + sha256Hex(scope.id()).substring(0, HASH_HEX_DIGITS);
    }

    private static String sha256Hex(String s) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256, which every Java platform must have", e);
        }
        StringBuilder b = new StringBuilder(digest.length * 2);
        for (byte x : digest) {
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }
}
