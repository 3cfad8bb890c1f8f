package io.berth.core.internal;

import java.security.SecureRandom;

/** Generates access keys (AK + 18 of A-Z0-9) and secret keys (40 of the base64 alphabet). */
public final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private Keys() {
    }

    public static String accessKey() {
        return "AK" + random(UPPER, 18);
    }

    public static String secretKey() {
        return random(B64, 40);
    }

    /** A password that satisfies the password policy: 20 characters incl. letter, digit, special. */
    public static String password() {
        char[] alnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
        return random(alnum, 8) + "-" + random(alnum, 5) + RANDOM.nextInt(10) + "_" + random(alnum, 4);
    }

    private static String random(char[] alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet[RANDOM.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}
