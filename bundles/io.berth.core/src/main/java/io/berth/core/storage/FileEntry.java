package io.berth.core.storage;

import java.time.Instant;

/** S7: an entry of a folder: {@code path} relative to the folder's root with {@code /}; {@code type} file, directory or symlink. */
public record FileEntry(String path, String name, String type, long size, Instant modifiedAt) {
}
