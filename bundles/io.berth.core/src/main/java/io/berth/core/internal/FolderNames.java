package io.berth.core.internal;

import io.berth.core.error.ValidationException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SPEC S2 folder name rules: 1 to 64 letters, digits and {@code . _ -}, not {@code .} or {@code ..}, and not a
 * name a container needs for itself (shell and tool dot-files, {@code .ssh}, {@code .config}, …), since folders
 * are mounted under the work directory by their names.
 */
final class FolderNames {
    static final int MAX = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> RESERVED = Set.of(".", "..", ".terminfo", ".jupyter", ".tmp", ".config",
            ".ssh", ".local", ".cache", ".linuxbrew", ".conda", ".ipython", ".vscode", ".profile", ".bash_history");
    private static final Pattern RESERVED_PATTERN = Pattern.compile("\\.[a-z0-9]+rc|\\.[a-z0-9]+_profile|\\.[a-z0-9]+_logout");

    private FolderNames() {
    }

    static String check(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new ValidationException(field + " is required", field);
        }
        if (name.length() > MAX) {
            throw new ValidationException(field + " must be at most " + MAX + " characters", field);
        }
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException(field + " may contain only letters, digits and . _ -", field);
        }
        if (RESERVED.contains(name) || RESERVED_PATTERN.matcher(name).matches()) {
            throw new ValidationException(field + " \"" + name + "\" is reserved for the container's own files", field);
        }
        return name;
    }
}
