package io.berth.auth.totp.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords with HMAC-SHA-1 (RFC 4226 dynamic truncation), T0 = 0.
 * Immutable and thread-safe.
 */
final class Totp {
    static final String MAC_ALGORITHM = "HmacSHA1";

    private final int digits;
    private final int periodSeconds;
    private final int modulus;

    Totp(int digits, int periodSeconds) {
        if (digits < 6 || digits > 9) {
            throw new IllegalArgumentException("digits must be 6..9");
        }
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("period must be positive");
        }
        this.digits = digits;
        this.periodSeconds = periodSeconds;
        int m = 1;
        for (int i = 0; i < digits; i++) {
            m *= 10;
        }
        this.modulus = m;
    }

    int digits() {
        return digits;
    }

    int periodSeconds() {
        return periodSeconds;
    }

    /** The time step (counter) that contains the instant. */
    long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), periodSeconds);
    }

    /** The code for a time step, zero-padded to {@link #digits()} ASCII digits. */
    String code(byte[] secret, long step) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(new SecretKeySpec(secret, MAC_ALGORITHM));
            byte[] counter = new byte[8];
            long c = step;
            for (int i = 7; i >= 0; i--) {
                counter[i] = (byte) c;
                c >>>= 8;
            }
            hash = mac.doFinal(counter);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable TOTP secret", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC_ALGORITHM + " is not available", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        String s = Integer.toString(binary % modulus);
        return "0".repeat(digits - s.length()) + s;
    }
}
