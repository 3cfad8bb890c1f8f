package io.berth.core.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes: PBKDF2-HMAC-SHA512 from the JDK, 16-byte random salt. The stored form
 * {@code pbkdf2-sha512$<iterations>$<salt>$<hash>} carries its own cost, so raising the default later
 * keeps old hashes verifiable.
 */
public final class PasswordHasher {
    /** OWASP's recommendation for PBKDF2-HMAC-SHA512. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final String PREFIX = "pbkdf2-sha512";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final int iterations;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + '$' + iterations + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(h);
    }

    public boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        int iter;
        try {
            iter = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (iter < 1) {
            return false;
        }
        try {
            Base64.Decoder d = Base64.getDecoder();
            byte[] expected = d.decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, d.decode(parts[2]), iter));
        } catch (IllegalArgumentException e) {
            // bad base64 or an empty salt: not a hash this class wrote
            return false;
        }
    }

    /**
     * A stored hash of a random password that was thrown away when it was made, at the default cost:
     * verifying against it costs the same as a real check, so an unknown user answers as slowly as a
     * known one. Kept as a constant so that start-up does not spend a hash computing one.
     */
    private static final String DEFAULT_COST_DECOY = "pbkdf2-sha512$210000$Lbbox93hSMWxF+bVGvTKCw$"
            + "0GP02rkEaZi+D6VmVO90q/vixckBJuWF8aMpX/jWOTKhKea0zodqYm0/YvhO/xKT61XZDBiKa/yA4lfmsw+Jzg";

    /** A hash of nothing anyone knows, at this hasher's cost. */
    public String decoy() {
        if (iterations == DEFAULT_ITERATIONS) {
            return DEFAULT_COST_DECOY;
        }
        return hash(Base64.getEncoder().encodeToString(RANDOM.generateSeed(24)));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }

}
