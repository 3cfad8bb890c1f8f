package io.berth.core.image;

import java.time.Instant;

/**
 * SPEC I3: a container registry Berth scans for images. {@code hostname} is the key (never changes) and the
 * prefix of its images' names; {@code url} has an explicit {@code http://} or {@code https://} scheme;
 * {@code type} is {@code docker} (Docker Registry HTTP API v2); {@code project} optionally limits a rescan
 * to repositories under that namespace. {@code encryptedPassword} is the password sealed with the
 * manager's registry key: it never leaves core in clear and views show only whether one is set.
 */
public record ContainerRegistry(String hostname, String url, String type, String project, String username,
        String encryptedPassword, boolean sslVerify, Instant createdAt, Instant modifiedAt) {

    public static final String DEFAULT = "cr.backend.ai";
    public static final String DOCKER = "docker";

    public boolean hasPassword() {
        return encryptedPassword != null && !encryptedPassword.isEmpty();
    }
}
