package io.berth.agent.internal;

import java.util.Objects;

/**
 * An image reference taken apart: {@code [registry/]path[:tag][@digest]}. The registry is the first
 * path component when it holds a {@code .} or a {@code :} or is {@code localhost}; otherwise the image
 * is on Docker Hub.
 *
 * @param registry   the registry host (with its port), {@code null} for Docker Hub
 * @param repository everything before the tag and digest, registry included
 * @param tag        the tag, {@code null} when none is given
 * @param digest     the digest ({@code sha256:…}), {@code null} when none is given
 */
record ImageRef(String registry, String repository, String tag, String digest) {
    /** The address docker uses for Docker Hub credentials. */
    static final String DOCKER_HUB = "https://index.docker.io/v1/";

    static ImageRef parse(String reference) {
        String s = Objects.requireNonNull(reference, "reference").strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty image reference");
        }
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
        }
        String tag = null;
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
        }
        String registry = null;
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
            }
        }
        if (s.isEmpty() || tag != null && tag.isEmpty() || digest != null && digest.isEmpty()) {
            throw new IllegalArgumentException("malformed image reference '" + reference + "'");
        }
        return new ImageRef(registry, s, tag, digest);
    }

    /** @return the address for the registry's credentials: its host, or Docker Hub's */
    String registryAddress() {
        return registry == null ? DOCKER_HUB : registry;
    }

    /** @return the reference with the tag ({@code latest} when none is given), without the digest */
    String tagged() {
        return repository + ":" + (tag == null ? "latest" : tag);
    }

    /** @return {@code repository@digest} with {@code digest} */
    String withDigest(String d) {
        return repository + "@" + d;
    }
}
