package io.berth.core.storage;

/** Changes to a folder; a {@code null} field keeps its value. */
public record FolderUpdate(String name, String permission, Boolean cloneable) {
}
