package io.berth.core.testing;

import io.berth.core.auth.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The Backend.AI signature reference vectors in src/test/resources. */
public final class SignatureVectors {
    /** One case of the vector file. */
    public record Case(String method, String host, String pathAndQuery, String contentType, String date,
            String version, String accessKey, String secretKey, String authorization, String signature) {

        public SignedRequest request() {
            return new SignedRequest(method, pathAndQuery, host, contentType, date, version, authorization);
        }

        @Override
        public String toString() {
            return method + " " + host + pathAndQuery + " @ " + date;
        }
    }

    private SignatureVectors() {
    }

    @SuppressWarnings("unchecked")
    public static List<Case> load() {
        try (InputStream in = SignatureVectors.class.getResourceAsStream("/backendai-hmac-signatures.json")) {
            if (in == null) {
                throw new IllegalStateException("backendai-hmac-signatures.json is not on the test class path");
            }
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
            return ((List<Map<String, Object>>) root.get("cases")).stream()
                    .map(c -> new Case(s(c, "method"), s(c, "host_header"), s(c, "path_and_query"),
                            s(c, "content_type"), s(c, "date_header"), s(c, "x_backendai_version"),
                            s(c, "access_key"), s(c, "secret_key"), s(c, "authorization"), s(c, "signature")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String s(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String)) {
            throw new IllegalStateException("vector field " + key + " missing");
        }
        return (String) v;
    }
}
