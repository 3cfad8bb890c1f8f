package io.berth.core.auth;

/**
 * The parts of an HTTP request that SPEC K5 signs, as received. {@code contentType} is the media type
 * only (parameters such as a multipart boundary are not signed).
 */
public record SignedRequest(String method, String pathAndQuery, String host, String contentType, String date,
        String apiVersion, String authorization) {
}
