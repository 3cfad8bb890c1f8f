package io.berth.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void verifiesTheRightPasswordOnly() {
        String h = hasher.hash("s3cret-Pass");
        assertTrue(hasher.verify("s3cret-Pass", h));
        assertFalse(hasher.verify("s3cret-pass", h));
        assertFalse(hasher.verify("s3cret-Pass ", h));
        assertFalse(hasher.verify("", h));
        assertFalse(hasher.verify(null, h));
    }

    @Test
    void saltsDifferSoHashesDiffer() {
        String a = hasher.hash("same-Pass1");
        String b = hasher.hash("same-Pass1");
        assertNotEquals(a, b);
        assertNotEquals(a.split("\\$")[2], b.split("\\$")[2]);
        assertTrue(hasher.verify("same-Pass1", a));
        assertTrue(hasher.verify("same-Pass1", b));
    }

    @Test
    void storedFormCarriesAlgorithmIterationsSaltAndHash() {
        String[] parts = hasher.hash("s3cret-Pass").split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha512", parts[0]);
        assertEquals("1000", parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(64, Base64.getDecoder().decode(parts[3]).length);
        assertFalse(String.join("$", parts).contains("s3cret"));
    }

    @Test
    void iterationsAreReadFromTheStoredForm() {
        String strong = new PasswordHasher(2500).hash("s3cret-Pass");
        assertTrue(strong.startsWith("pbkdf2-sha512$2500$"));
        assertTrue(hasher.verify("s3cret-Pass", strong), "an older or newer cost stays verifiable");
        String[] parts = strong.split("\\$");
        String tampered = parts[0] + "$2499$" + parts[2] + "$" + parts[3];
        assertFalse(hasher.verify("s3cret-Pass", tampered));
    }

    @Test
    void defaultCostIsOwaspLevel() {
        assertEquals(210_000, PasswordHasher.DEFAULT_ITERATIONS);
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(-1));
    }

    @Test
    void emptyPasswordCanBeHashedAndVerified() {
        String h = hasher.hash("");
        assertTrue(hasher.verify("", h));
        assertFalse(hasher.verify("x", h));
    }

    @Test
    void decoyMatchesNoObviousPassword() {
        String d = hasher.decoy();
        assertTrue(d.startsWith("pbkdf2-sha512$1000$"));
        for (String pw : List.of("", "password", "admin", "s3cret-Pass")) {
            assertFalse(hasher.verify(pw, d));
        }
        assertNotEquals(d, hasher.decoy());
    }

    static List<String> malformed() {
        String good = new PasswordHasher(1000).hash("s3cret-Pass");
        String[] p = good.split("\\$");
        return List.of("", "plain", "s3cret-Pass", "pbkdf2-sha512", "pbkdf2-sha512$1000$" + p[2],
                "md5$1000$" + p[2] + "$" + p[3],
                "pbkdf2-sha256$1000$" + p[2] + "$" + p[3],
                "pbkdf2-sha512$abc$" + p[2] + "$" + p[3],
                "pbkdf2-sha512$$" + p[2] + "$" + p[3],
                "pbkdf2-sha512$99999999999$" + p[2] + "$" + p[3],
                "pbkdf2-sha512$0$" + p[2] + "$" + p[3],
                "pbkdf2-sha512$-1000$" + p[2] + "$" + p[3],
                "pbkdf2-sha512$1000$$" + p[3],
                "pbkdf2-sha512$1000$" + p[2] + "$",
                "pbkdf2-sha512$1000$" + p[2] + "$" + p[3] + "$extra",
                "pbkdf2-sha512$1000$!!not-base64!!$" + p[3],
                "pbkdf2-sha512$1000$" + p[2] + "$***",
                "pbkdf2-sha512$1000$" + p[2] + "$" + p[3].substring(2));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedStoredStringsVerifyFalse(String stored) {
        assertFalse(hasher.verify("s3cret-Pass", stored));
    }

    @Test
    void nullStoredStringVerifiesFalse() {
        assertFalse(hasher.verify("s3cret-Pass", null));
    }

    @Test
    void defaultCostDecoyCostsAsMuchAsARealHashAndMatchesNothing() {
        PasswordHasher real = new PasswordHasher();
        String decoy = real.decoy();
        assertTrue(decoy.startsWith("pbkdf2-sha512$" + PasswordHasher.DEFAULT_ITERATIONS + "$"));
        assertEquals(real.hash("x").split("\\$")[3].length(), decoy.split("\\$")[3].length());
        assertFalse(real.verify("", decoy));
        assertFalse(real.verify("password", decoy));
    }
}
