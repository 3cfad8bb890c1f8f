package io.berth.core.image;

/**
 * A registry as a client gives it. On update a {@code null} component means "leave as is"; a
 * {@code password} of {@code ""} removes the stored one; {@code hostname} must then be absent or equal.
 */
public record RegistryInput(String hostname, String url, String type, String project, String username,
        String password, Boolean sslVerify) {
}
