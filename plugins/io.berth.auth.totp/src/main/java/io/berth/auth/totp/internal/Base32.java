package io.berth.auth.totp.internal;

/**
 * RFC 4648 Base32 (upper-case alphabet, no padding), the form authenticator apps read secrets in.
 * Encoding only: the plugin never reads a secret back from text. Kept here because a plugin imports
 * nothing but the Berth SPI; the tests check it against Apache Commons Codec.
 */
final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }
}
