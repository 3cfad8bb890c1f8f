package io.berth.auth.totp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for enrolment secrets at rest: a random 12-byte IV per encryption, a 128-bit tag, and the
 * user id as associated data, so a ciphertext only decrypts for the user it was written for. Output is
 * Base64 (standard alphabet, padded) of {@code iv || ciphertext-with-tag}.
 */
final class SecretCipher {
    static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random;

    SecretCipher(byte[] key, SecureRandom random) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    String seal(byte[] plaintext, String userId) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
            byte[] ct = cipher.doFinal(plaintext);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available", e);
        }
    }

    /**
     * Decrypts what {@link #seal} wrote for the same user id.
     *
     * @throws GeneralSecurityException when the value is malformed, was written with another key or for
     *         another user, or was altered
     */
    byte[] open(String sealed, String userId) throws GeneralSecurityException {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not Base64");
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("too short");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
        cipher.updateAAD(userId.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
    }

    /** Decodes a configured key: Base64 (standard or URL-safe) of exactly {@value #KEY_BYTES} bytes; empty otherwise. */
    static java.util.Optional<byte[]> decodeKey(String configured) {
        if (configured == null) {
            return java.util.Optional.empty();
        }
        String s = configured.trim();
        for (java.util.Base64.Decoder decoder : new java.util.Base64.Decoder[] {java.util.Base64.getDecoder(),
                java.util.Base64.getUrlDecoder()}) {
            try {
                byte[] key = decoder.decode(s);
                if (key.length == KEY_BYTES) {
                    return java.util.Optional.of(key);
                }
            } catch (IllegalArgumentException e) {
                continue; // not this alphabet: try the next one
            }
        }
        return java.util.Optional.empty();
    }
}
