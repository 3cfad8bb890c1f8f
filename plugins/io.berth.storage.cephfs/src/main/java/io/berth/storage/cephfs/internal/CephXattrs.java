package io.berth.storage.cephfs.internal;

import io.berth.spi.storage.CommandRunner;

/**
 * The CephFS virtual extended attributes the backend uses, and how getfattr answers for them.
 *
 * <p>{@code getfattr --only-values} prints the raw value (CephFS answers these attributes as
 * decimal text) and nothing else. An attribute that a directory does not have, like
 * {@link #MAX_BYTES} on a directory without a quota, makes getfattr exit with status 1 and print
 * {@code <path>: <name>: No such attribute} on standard error (its wording for ENODATA, which the
 * backend requests untranslated with {@code LC_ALL=C}).
 */
final class CephXattrs {
    /** The hard limit in bytes of the tree below a directory; absent or {@code 0}: none. */
    static final String MAX_BYTES = "ceph.quota.max_bytes";
    /** The recursive sum of the sizes of the files below a directory, as Ceph accounts them. */
    static final String RBYTES = "ceph.dir.rbytes";
    /** The recursive number of files (every entry that is not a directory) below a directory. */
    static final String RFILES = "ceph.dir.rfiles";

    private CephXattrs() {
    }

    /**
     * Parses a value printed by {@code getfattr --only-values}.
     *
     * @param stdout what getfattr printed
     * @return the non-negative number
     * @throws IllegalArgumentException when it is not a non-negative decimal number
     */
    static long parseValue(String stdout) {
        String value = stdout.strip();
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a non-negative decimal number: \"" + clip(value) + "\"");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number too large: " + value, e);
        }
    }

    /**
     * Whether getfattr failed only because the attribute is not set.
     *
     * @param result what getfattr left
     * @return {@code true} for a non-zero exit with {@code No such attribute} on standard error
     */
    static boolean noSuchAttribute(CommandRunner.Result result) {
        return result.exitCode() != 0 && result.stderr().contains("No such attribute");
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
