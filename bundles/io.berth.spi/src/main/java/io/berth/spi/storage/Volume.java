package io.berth.spi.storage;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A configured storage volume, as core hands it to its backend.
 *
 * @param name      the volume's name, e.g. {@code local}; 1 to 64 letters, digits and
 *                  {@code . _ -}, starting with a letter or digit
 * @param backend   the backend type that serves it, the {@value StorageBackend#PROPERTY} value of
 *                  the backend, e.g. {@code vfs}; a lower-case slug
 * @param mountPath where the volume is mounted on this host, as a path string (see
 *                  {@link #mount()}); not blank, no NUL characters. Backends that need it absolute
 *                  say so.
 * @param options   backend-specific settings, e.g. an API endpoint or a file system device; copied,
 *                  sorted by key, no {@code null} keys or values. Secrets among them are never
 *                  logged by backends.
 */
public record Volume(String name, String backend, String mountPath, Map<String, String> options) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /**
     * Validates the components and copies the options.
     *
     * @param name      the volume's name
     * @param backend   the backend type
     * @param mountPath where the volume is mounted
     * @param options   backend-specific settings
     * @throws NullPointerException     when a component, an option key or value is {@code null}
     * @throws IllegalArgumentException when the name, type or mount path is invalid
     */
    public Volume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mountPath, "mountPath");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("volume name must be 1 to 64 letters, digits and . _ - starting with "
                    + "a letter or digit: " + Ids.quote(name));
        }
        if (!TYPE.matcher(backend).matches()) {
            throw new IllegalArgumentException("backend type of volume " + name + " must be a lower-case slug: "
                    + Ids.quote(backend));
        }
        if (mountPath.isBlank() || mountPath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("mount path of volume " + name + " must not be blank or contain "
                    + "NUL: " + Ids.quote(mountPath));
        }
        Objects.requireNonNull(options, "options");
        TreeMap<String, String> copy = new TreeMap<>();
        String volume = name;
        options.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "option name"),
                Objects.requireNonNull(v, () -> "option " + k + " of volume " + volume)));
        options = Collections.unmodifiableMap(copy);
    }

    /**
     * A volume without options.
     *
     * @param name      the volume's name
     * @param backend   the backend type
     * @param mountPath where the volume is mounted
     * @return the volume
     */
    public static Volume of(String name, String backend, String mountPath) {
        return new Volume(name, backend, mountPath, Map.of());
    }

    /**
     * The mount path as a path of the default file system.
     *
     * @return {@code Path.of(mountPath)}
     * @throws java.nio.file.InvalidPathException when the string is not a path on this host
     */
    public Path mount() {
        return Path.of(mountPath);
    }
}
