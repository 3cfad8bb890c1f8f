package io.berth.core.storage;

/**
 * A folder to create (or the target of a clone), as given. {@code type} is {@code user} (default) or
 * {@code project}; {@code project} names the project (id or name in the caller's domain, or {@code
 * domain/name} for superadmins) of a project folder. {@code volume} defaults to the system's default
 * volume. {@code usageMode} defaults to general, {@code permission} to rw, {@code cloneable} to false.
 */
public record FolderInput(String name, String type, String project, String volume, String usageMode,
        String permission, Boolean cloneable) {
}
