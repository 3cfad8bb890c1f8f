package io.berth.core.identity;

/** The result of creating a user: its detail and its first keypair, secret included (shown once). */
public record CreatedUser(UserDetail detail, KeyPair keyPair) {
}
