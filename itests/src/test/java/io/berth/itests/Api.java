package io.berth.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small Backend.AI-style client for the tests, with its own signer (written from SPEC K5, not
 * shared with the server) so a server-side mistake cannot hide behind the same code.
 */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String VERSION = "v8.20240915";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    public final String accessKey;
    public final String secretKey;

    public Api(int port, String accessKey, String secretKey) {
        this.base = "http://127.0.0.1:" + port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** The answer: status, headers and the body parsed as JSON (null when empty or not JSON). */
    public record Resp(int status, HttpResponse<String> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public static Resp anonymous(int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    /** Logs in with email and password and returns a client signing with the returned keypair. */
    public static Api login(int port, String domain, String email, String password) throws Exception {
        Resp r = anonymous(port, "POST", "/auth/authorize", JSON.writeValueAsString(
                Map.of("type", "keypair", "domain", domain, "username", email, "password", password)));
        if (r.status() != 200) {
            throw new AssertionError("login of " + email + " failed: " + r);
        }
        JsonNode d = r.json().get("data");
        return new Api(port, d.get("access_key").asText(), d.get("secret_key").asText());
    }

    /**
     * Logs in, retrying for up to a minute while the server is still starting (the first-start
     * bootstrap that creates the superadmin may finish after the REST resources answer).
     */
    public static Api loginWhenReady(int port, String domain, String email, String password) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return login(port, domain, email, password);
            } catch (AssertionError | java.io.IOException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    public Resp get(String path) throws Exception {
        return call("GET", path, null);
    }

    public Resp post(String path, Object body) throws Exception {
        return call("POST", path, body);
    }

    public Resp patch(String path, Object body) throws Exception {
        return call("PATCH", path, body);
    }

    public Resp delete(String path) throws Exception {
        return call("DELETE", path, null);
    }

    public Resp call(String method, String path, Object body) throws Exception {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        return raw(method, path, text, "application/json", OffsetDateTime.now(ZoneOffset.UTC), null);
    }

    /** Signs with the given date; {@code tamper} may alter the request after signing (for negative tests). */
    public Resp raw(String method, String path, String body, String contentType, OffsetDateTime date,
            java.util.function.UnaryOperator<HttpRequest.Builder> tamper) throws Exception {
        String dateText = date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String host = "127.0.0.1:" + base.substring(base.lastIndexOf(':') + 1);
        String signature = sign(method, path, dateText, host, contentType, secretKey, date);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).header("X-BackendAI-Date", dateText)
                .header("X-BackendAI-Version", VERSION)
                .header("Authorization", "BackendAI signMethod=HMAC-SHA256, credential=" + accessKey + ":" + signature)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (tamper != null) {
            b = tamper.apply(b);
        }
        return send(b.build());
    }

    static String sign(String method, String pathAndQuery, String date, String host, String contentType,
            String secret, OffsetDateTime when) throws Exception {
        String empty = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        String toSign = String.join("\n", method, pathAndQuery, date, "host:" + host, "content-type:" + contentType,
                "x-backendai-version:" + VERSION, empty);
        byte[] key = hmac(secret.getBytes(StandardCharsets.UTF_8),
                when.format(DateTimeFormatter.ofPattern("yyyyMMdd")).getBytes(StandardCharsets.UTF_8));
        key = hmac(key, host.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hmac(key, toSign.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static Resp send(HttpRequest req) throws Exception {
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (!r.body().isEmpty() && ct.contains("json")) {
            json = JSON.readTree(r.body());
        }
        return new Resp(r.statusCode(), r, json);
    }

    /** Polls until the endpoint answers something other than 404/503 (resources arrive asynchronously). */
    public static void awaitReady(int port, String path, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                Resp r = anonymous(port, "GET", path, null);
                if (r.status() != 404 && r.status() != 503) {
                    return;
                }
            } catch (java.io.IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Berth did not serve " + path + " within " + max, last);
    }
}
