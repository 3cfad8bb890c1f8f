package io.berth.auth.totp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {
    /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T = {0}")
    @CsvSource({
        "59,          94287082",
        "1111111109,  07081804",
        "1111111111,  14050471",
        "1234567890,  89005924",
        "2000000000,  69279037",
        "20000000000, 65353130"})
    void rfc6238AppendixBSha1(long unixTime, String expected) {
        Totp eight = new Totp(8, 30);
        long step = eight.step(Instant.ofEpochSecond(unixTime));
        assertEquals(expected, eight.code(RFC_SEED, step));
        // the 6-digit code is the same truncated value modulo 10^6: the last six digits
        Totp six = new Totp(6, 30);
        assertEquals(expected.substring(2), six.code(RFC_SEED, six.step(Instant.ofEpochSecond(unixTime))));
    }

    @Test
    void stepsAreThirtySecondsFromTheEpoch() {
        Totp totp = new Totp(6, 30);
        assertEquals(0, totp.step(Instant.ofEpochSecond(29)));
        assertEquals(1, totp.step(Instant.ofEpochSecond(30)));
        assertEquals(37037036, totp.step(Instant.ofEpochSecond(1111111109)));
    }

    @Test
    void codesAreZeroPadded() {
        // T = 1111111109 gives 07081804 (8 digits): its leading zero must stay
        Totp eight = new Totp(8, 30);
        assertEquals(8, eight.code(RFC_SEED, 37037036).length());
        assertEquals('0', eight.code(RFC_SEED, 37037036).charAt(0));
    }

    @Test
    void rejectsUnsupportedDigits() {
        assertThrows(IllegalArgumentException.class, () -> new Totp(5, 30));
        assertThrows(IllegalArgumentException.class, () -> new Totp(10, 30));
    }
}
