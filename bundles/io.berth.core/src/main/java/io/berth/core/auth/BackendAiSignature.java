package io.berth.core.auth;

import io.berth.core.error.AuthenticationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Backend.AI request signature (SPEC K5): HMAC-SHA256 over method, path with query, the date as
 * sent, host, media type, API version and the SHA-256 of an empty body, keyed by
 * HMAC(HMAC(secret, yyyyMMdd), host).
 */
public final class BackendAiSignature {
    public static final String SCHEME = "BackendAI";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final Pattern HEADER = Pattern.compile(
            "^BackendAI\\s+signMethod=HMAC-SHA256\\s*,\\s*credential=([A-Za-z0-9]{1,64}):([0-9a-fA-F]{64})\\s*$");

    private BackendAiSignature() {
    }

    /** Access key and hex signature from an {@code Authorization} header. */
    public record Credential(String accessKey, String signature) {
    }

    public static Credential parseAuthorization(String header) {
        if (header == null || header.isBlank()) {
            throw new AuthenticationException("missing Authorization header");
        }
        Matcher m = HEADER.matcher(header.trim());
        if (!m.matches()) {
            throw new AuthenticationException(
                    "malformed Authorization header: expected 'BackendAI signMethod=HMAC-SHA256, credential=<access key>:<hex signature>'");
        }
        return new Credential(m.group(1), m.group(2).toLowerCase(Locale.ROOT));
    }

    /** Parses the Date / X-BackendAI-Date value: ISO-8601 with offset, or RFC 1123. */
    public static OffsetDateTime parseDate(String value) {
        if (value == null || value.isBlank()) {
            throw new AuthenticationException("missing Date or X-BackendAI-Date header");
        }
        try {
            return OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime();
            } catch (DateTimeParseException e2) {
                throw new AuthenticationException("unparseable request date: " + value);
            }
        }
    }

    public static String stringToSign(SignedRequest r) {
        return r.method().toUpperCase(Locale.ROOT) + '\n' + r.pathAndQuery() + '\n' + r.date() + '\n' + "host:"
                + r.host() + '\n' + "content-type:" + r.contentType().toLowerCase(Locale.ROOT) + '\n'
                + "x-backendai-version:" + r.apiVersion() + '\n' + EMPTY_SHA256;
    }

    /** Hex signature of the request under the secret key. */
    public static String sign(SignedRequest r, String secretKey) {
        OffsetDateTime date = parseDate(r.date());
        byte[] key = hmac(secretKey.getBytes(StandardCharsets.UTF_8),
                DAY.format(date).getBytes(StandardCharsets.US_ASCII));
        key = hmac(key, r.host().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hmac(key, stringToSign(r).getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison of the expected and the presented signature. */
    public static boolean matches(SignedRequest r, String secretKey, String presentedHex) {
        byte[] expected = sign(r, secretKey).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = presentedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
