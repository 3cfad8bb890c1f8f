package io.berth.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.AuthenticationException;
import io.berth.core.testing.SignatureVectors;
import io.berth.core.testing.SignatureVectors.Case;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendAiSignatureTest {
    private static final String AK = "AKIAIOSFODNN7EXAMPLE";
    private static final String SIG = "89ce137a67c6be87fd5c91e939eb9b3e70d92f68ca5706568adc1c83a7c035cd";

    static Stream<Case> vectors() {
        return SignatureVectors.load().stream();
    }

    @Test
    void vectorFileIsThere() {
        assertTrue(SignatureVectors.load().size() >= 6);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signMatchesTheReferenceClient(Case c) {
        assertEquals(c.signature(), BackendAiSignature.sign(c.request(), c.secretKey()));
        assertTrue(c.authorization().endsWith(":" + c.signature()));
        assertTrue(BackendAiSignature.matches(c.request(), c.secretKey(), c.signature()));
        assertTrue(BackendAiSignature.matches(c.request(), c.secretKey(), c.signature().toUpperCase()));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signMatchesAnIndependentReadingOfTheSpec(Case c) throws Exception {
        assertEquals(reference(c.method(), c.pathAndQuery(), c.date(), c.host(), c.contentType(), c.version(),
                c.secretKey()), BackendAiSignature.sign(c.request(), c.secretKey()));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void authorizationHeaderOfEveryVectorParses(Case c) {
        BackendAiSignature.Credential cred = BackendAiSignature.parseAuthorization(c.authorization());
        assertEquals(c.accessKey(), cred.accessKey());
        assertEquals(c.signature(), cred.signature());
    }

    @Test
    void keyDayIsTheDateInItsOwnOffsetNotUtc() throws Exception {
        // 23:30 at -05:00 is already the next day in UTC; the key must use 20261231
        String date = "2026-12-31T23:30:00-05:00";
        SignedRequest r = new SignedRequest("GET", "/", "h", "application/json", date, "v8.20240915", null);
        String sk = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertEquals(reference("GET", "/", date, "h", "application/json", "v8.20240915", sk),
                BackendAiSignature.sign(r, sk));
        SignedRequest utc = new SignedRequest("GET", "/", "h", "application/json", "2027-01-01T04:30:00+00:00",
                "v8.20240915", null);
        assertFalse(BackendAiSignature.sign(r, sk).equals(BackendAiSignature.sign(utc, sk)));
    }

    @Test
    void stringToSignLayout() {
        SignedRequest r = new SignedRequest("get", "/a?b=c", "h:1", "Application/JSON", "D", "v8", null);
        assertEquals("GET\n/a?b=c\nD\nhost:h:1\ncontent-type:application/json\nx-backendai-version:v8\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                BackendAiSignature.stringToSign(r));
    }

    /** HMAC-SHA256 signing as SPEC K5 words it, written independently of the production code. */
    static String reference(String method, String pathAndQuery, String date, String host, String contentType,
            String version, String secret) throws Exception {
        String day = OffsetDateTime.parse(date).toLocalDate().toString().replace("-", "");
        String emptyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        String toSign = String.join("\n", method, pathAndQuery, date, "host:" + host, "content-type:" + contentType,
                "x-backendai-version:" + version, emptyHash);
        byte[] key = hmac(secret.getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, host);
        return HexFormat.of().formatHex(hmac(key, toSign));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------ Authorization header parsing

    @Test
    void wellFormedHeaderParses() {
        BackendAiSignature.Credential c = BackendAiSignature.parseAuthorization(
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG);
        assertEquals(AK, c.accessKey());
        assertEquals(SIG, c.signature());
    }

    @Test
    void whitespaceAroundTheCommaAndHeaderIsTolerated() {
        assertEquals(AK, BackendAiSignature.parseAuthorization(
                "  BackendAI   signMethod=HMAC-SHA256 ,credential=" + AK + ":" + SIG + "  ").accessKey());
    }

    @Test
    void upperCaseHexIsNormalised() {
        assertEquals(SIG, BackendAiSignature.parseAuthorization(
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG.toUpperCase()).signature());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingHeaderIsRefused(String header) {
        AuthenticationException x = assertThrows(AuthenticationException.class,
                () -> BackendAiSignature.parseAuthorization(header));
        assertTrue(x.getMessage().contains("missing"), x.getMessage());
        assertEquals(401, x.status());
    }

    static List<String> malformed() {
        return List.of(
                "Bearer abc",
                "BackendAI",
                "BackendAI signMethod=HMAC-SHA256",
                "BackendAI signMethod=HMAC-SHA1, credential=" + AK + ":" + SIG,
                "BackendAI signMethod=hmac-sha256, credential=" + AK + ":" + SIG,
                "backendai signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG,
                "BackendAI signMethod=HMAC-SHA256 credential=" + AK + ":" + SIG,
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + SIG,
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":",
                "BackendAI signMethod=HMAC-SHA256, credential=:" + SIG,
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG.substring(1),
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG + "0",
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG.substring(1) + "g",
                "BackendAI signMethod=HMAC-SHA256, credential=AK-IAIOSFODNN7EXAMPL:" + SIG,
                "BackendAI signMethod=HMAC-SHA256, credential=" + "A".repeat(65) + ":" + SIG,
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG + ", extra=1",
                "BackendAI signMethod=HMAC-SHA256, credential=" + AK + ":" + SIG + "\nX-Injected: 1");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedHeadersAreRefused(String header) {
        AuthenticationException x = assertThrows(AuthenticationException.class,
                () -> BackendAiSignature.parseAuthorization(header));
        assertTrue(x.getMessage().startsWith("malformed Authorization header"), x.getMessage());
    }

    @Test
    void accessKeyOf64CharactersParses() {
        assertEquals("A".repeat(64), BackendAiSignature.parseAuthorization(
                "BackendAI signMethod=HMAC-SHA256, credential=" + "A".repeat(64) + ":" + SIG).accessKey());
    }

    // ------------------------------------------------------------ dates

    @Test
    void isoAndRfc1123DatesParse() {
        Instant t = Instant.parse("2026-11-29T12:00:00Z");
        assertEquals(t, BackendAiSignature.parseDate("2026-11-29T12:00:00+00:00").toInstant());
        assertEquals(t, BackendAiSignature.parseDate("2026-11-29T21:00:00+09:00").toInstant());
        assertEquals(ZoneOffset.ofHours(9), BackendAiSignature.parseDate("2026-11-29T21:00:00+09:00").getOffset());
        assertEquals(t, BackendAiSignature.parseDate("2026-11-29T12:00:00Z").toInstant());
        assertEquals(t, BackendAiSignature.parseDate("Sun, 29 Nov 2026 12:00:00 GMT").toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-29T12:00:00", "2026-11-29", "29 Nov 2026", "2026-13-01T00:00:00Z"})
    void unparseableDatesAreRefused(String date) {
        AuthenticationException x = assertThrows(AuthenticationException.class,
                () -> BackendAiSignature.parseDate(date));
        assertTrue(x.getMessage().contains(date), x.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingDateIsRefused(String date) {
        assertTrue(assertThrows(AuthenticationException.class, () -> BackendAiSignature.parseDate(date))
                .getMessage().contains("missing"));
    }
}
