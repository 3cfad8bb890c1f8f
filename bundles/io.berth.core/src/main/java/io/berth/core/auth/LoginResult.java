package io.berth.core.auth;

/** What {@code POST /auth/authorize} returns: the keypair to sign further requests with. */
public record LoginResult(String accessKey, String secretKey, String role, String status,
        boolean needPasswordChange) {
}
