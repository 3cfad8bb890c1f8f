package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulesTest {

    private static ValidationException refused(String field, org.junit.jupiter.api.function.Executable e) {
        ValidationException x = assertThrows(ValidationException.class, e);
        assertEquals(field, x.field(), x.getMessage());
        assertEquals(400, x.status());
        return x;
    }

    // ------------------------------------------------------------ password policy (SPEC U2)

    @Test
    void passwordTooShortIsRefused() {
        ValidationException x = refused("password", () -> Rules.password("a1!bcde"));
        assertTrue(x.getMessage().contains("at least 8"), x.getMessage());
    }

    @Test
    void passwordOfExactlyEightCharactersIsAccepted() {
        assertEquals("abcde1!x", Rules.password("abcde1!x"));
    }

    @Test
    void passwordWithoutLetterIsRefused() {
        ValidationException x = refused("password", () -> Rules.password("12345678!"));
        assertTrue(x.getMessage().contains("letter"), x.getMessage());
    }

    @Test
    void passwordWithoutDigitIsRefused() {
        refused("password", () -> Rules.password("abcdefgh!"));
    }

    @Test
    void passwordWithoutSpecialIsRefused() {
        refused("password", () -> Rules.password("abcdefgh1"));
    }

    @Test
    void whitespaceIsNotASpecialCharacter() {
        refused("password", () -> Rules.password("abcd 1234"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcd1234!", "Passw0rd#", "ünïcödé9$", "x1-yyyyyy", "__a1____"})
    void passwordsMeetingThePolicyAreAccepted(String pw) {
        assertEquals(pw, Rules.password(pw));
    }

    @Test
    void missingPasswordIsRefused() {
        refused("password", () -> Rules.password(null));
        refused("password", () -> Rules.password(""));
    }

    @Test
    void overlongPasswordIsRefused() {
        String ok = "a1!" + "x".repeat(Rules.MAX_PASSWORD - 3);
        assertEquals(ok, Rules.password(ok));
        refused("password", () -> Rules.password(ok + "x"));
    }

    // ------------------------------------------------------------ 64-character limits

    static String email(int length) {
        String domain = "@x.io";
        return "a".repeat(length - domain.length()) + domain;
    }

    @Test
    void emailOf64CharactersIsAcceptedAnd65Refused() {
        assertEquals(64, email(64).length());
        assertEquals(email(64), Rules.email(email(64)));
        ValidationException x = refused("email", () -> Rules.email(email(65)));
        assertTrue(x.getMessage().contains("64"), x.getMessage());
    }

    @Test
    void usernameOf64CharactersIsAcceptedAnd65Refused() {
        assertEquals("u".repeat(64), Rules.username("u".repeat(64)));
        refused("username", () -> Rules.username("u".repeat(65)));
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String smileys = "\uD83D\uDE00".repeat(64); // 64 code points, 128 chars
        assertEquals(smileys, Rules.maxLength(smileys, 64, "full_name"));
        refused("full_name", () -> Rules.maxLength(smileys + "x", 64, "full_name"));
    }

    @Test
    void emailIsLowerCasedAndTrimmed() {
        assertEquals("kim@example.com", Rules.email("  Kim@Example.COM "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a@b", "a b@c.de", "a@b@c.de", "@c.de", "a@.", " "})
    void malformedEmailsAreRefused(String e) {
        refused("email", () -> Rules.email(e));
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "semi;colon", "slash/name", "quote'"})
    void malformedUsernamesAreRefused(String u) {
        refused("username", () -> Rules.username(u));
    }

    @Test
    void slugsAreLowerCaseWithInnerPunctuationOnly() {
        assertEquals("my-domain.1_x", Rules.slug("my-domain.1_x", "name"));
        for (String bad : List.of("Upper", "-lead", "trail-", "sp ace", "")) {
            refused("name", () -> Rules.slug(bad, "name"));
        }
        assertEquals("a".repeat(64), Rules.slug("a".repeat(64), "name"));
        refused("name", () -> Rules.slug("a".repeat(65), "name"));
    }

    @Test
    void textRefusesControlCharactersButAllowsNewlineAndTab() {
        assertEquals("line\n\tnext", Rules.text("line\n\tnext", 100, "description"));
        refused("description", () -> Rules.text("bell\u0007", 100, "description"));
        assertEquals(null, Rules.text(null, 100, "description"));
    }

    // ------------------------------------------------------------ keys and rate limits (K1, K4)

    @Test
    void accessKeyFormat() {
        assertEquals("AKIAIOSFODNN7EXAMPLE", Rules.accessKey("AKIAIOSFODNN7EXAMPLE"));
        for (String bad : List.of("AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLEX", "akIAIOSFODNN7EXAMPLE",
                "BKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLe", "AKIAIOSFODNN7EXAMP-E")) {
            refused("access_key", () -> Rules.accessKey(bad));
        }
    }

    @Test
    void secretKeyFormat() {
        String ok = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertEquals(ok, Rules.secretKey(ok));
        refused("secret_key", () -> Rules.secretKey(ok.substring(1)));
        refused("secret_key", () -> Rules.secretKey(ok + "A"));
        refused("secret_key", () -> Rules.secretKey(ok.substring(1) + "-"));
    }

    @Test
    void rateLimitBounds() {
        assertEquals(1, Rules.rateLimit(1, KeyPair.MAX_RATE_LIMIT));
        assertEquals(KeyPair.MAX_RATE_LIMIT, Rules.rateLimit(KeyPair.MAX_RATE_LIMIT, KeyPair.MAX_RATE_LIMIT));
        refused("rate_limit", () -> Rules.rateLimit(0, KeyPair.MAX_RATE_LIMIT));
        refused("rate_limit", () -> Rules.rateLimit(-1, KeyPair.MAX_RATE_LIMIT));
        refused("rate_limit", () -> Rules.rateLimit(KeyPair.MAX_RATE_LIMIT + 1, KeyPair.MAX_RATE_LIMIT));
        refused("rate_limit", () -> Rules.rateLimit(null, KeyPair.MAX_RATE_LIMIT));
    }

    @Test
    void hostsAreDeduplicatedAndValidated() {
        assertEquals(List.of("local:volume1", "nfs"), Rules.hosts(List.of("local:volume1", "nfs", "local:volume1"),
                "allowed_vfolder_hosts"));
        assertEquals(List.of(), Rules.hosts(null, "allowed_vfolder_hosts"));
        refused("allowed_docker_registries", () -> Rules.hosts(List.of("bad host"), "allowed_docker_registries"));
    }

    @Test
    void generatedKeysAndPasswordsSatisfyTheRules() {
        for (int i = 0; i < 200; i++) {
            String ak = Keys.accessKey();
            assertEquals(ak, Rules.accessKey(ak));
            String sk = Keys.secretKey();
            assertEquals(sk, Rules.secretKey(sk));
            String pw = Keys.password();
            assertEquals(pw, Rules.password(pw));
        }
    }
}
