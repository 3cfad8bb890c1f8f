package io.berth.spi.storage;

/**
 * What a folder holds, as {@link StorageBackend#usage} measured it.
 *
 * @param usedBytes the bytes its files take: the sum of the sizes of its regular files (backends
 *                  that know the allocated size may report that instead); non-negative
 * @param fileCount the number of entries in it that are not directories (regular files, symbolic
 *                  links, others), at any depth; non-negative
 */
public record FolderUsage(long usedBytes, long fileCount) {

    /** An empty folder. */
    public static final FolderUsage EMPTY = new FolderUsage(0, 0);

    /**
     * Validates the components.
     *
     * @param usedBytes the bytes its files take
     * @param fileCount the number of files
     * @throws IllegalArgumentException when a figure is negative
     */
    public FolderUsage {
        if (usedBytes < 0 || fileCount < 0) {
            throw new IllegalArgumentException("folder usage must not be negative: " + usedBytes + " bytes, "
                    + fileCount + " files");
        }
    }
}
