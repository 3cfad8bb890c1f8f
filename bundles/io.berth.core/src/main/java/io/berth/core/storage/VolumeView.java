package io.berth.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SPEC S1: a volume as shown. {@code options} hold only the non-secret options; {@code secretOptions} the
 * names of the secret ones. {@code available} is false when no installed backend plugin serves the
 * volume's type ({@code unavailableReason} says why); {@code capabilities} are then empty.
 * {@code capabilities} always include {@code vfolder} when available, plus the backend's ({@code quota},
 * {@code usage}, {@code clone}). {@code usedBytes}/{@code capacityBytes} describe the file system at the
 * mount path, or are null when it cannot be read.
 */
public record VolumeView(String name, String backend, String mountPath, Map<String, String> options,
        List<String> secretOptions, boolean available, String unavailableReason, List<String> capabilities,
        Long usedBytes, Long capacityBytes, long folderCount, Instant createdAt, Instant modifiedAt) {
}
