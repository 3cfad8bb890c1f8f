package io.berth.agent.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A local image as Docker reports it.
 *
 * @param id      Docker's image id ({@code sha256:…})
 * @param tags    its references with tags ({@code repo:tag}); copied
 * @param digests its references with registry digests ({@code repo@sha256:…}); copied
 */
public record ImageInfo(String id, List<String> tags, List<String> digests) {

    public ImageInfo {
        Objects.requireNonNull(id, "id");
        tags = tags == null ? List.of() : List.copyOf(tags);
        digests = digests == null ? List.of() : List.copyOf(digests);
    }

    /**
     * @param digest a registry digest ({@code sha256:…})
     * @return whether one of {@link #digests()} ends with {@code @digest}
     */
    public boolean hasDigest(String digest) {
        return digest != null && digests.stream().anyMatch(d -> d.endsWith("@" + digest));
    }
}
