package io.berth.spi.storage;

/** The optional features of a {@link StorageBackend}; see {@link StorageBackend#capabilities()}. */
public enum Capability {
    /** Per-scope hard limits: the quota scope methods of {@link StorageBackend}. */
    QUOTA,
    /** Measuring a folder: {@link StorageBackend#usage}. */
    USAGE,
    /** Copying a folder into a new one: {@link StorageBackend#cloneFolder}. */
    CLONE
}
