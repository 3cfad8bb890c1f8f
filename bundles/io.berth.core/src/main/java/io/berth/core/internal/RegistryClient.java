package io.berth.core.internal;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client of one registry's HTTP API v2 (catalog, tags, manifests, blobs). It tries anonymously first; on
 * 401 it follows the challenge: {@code Basic} with the registry's credentials, or {@code Bearer} with a
 * token fetched from the challenge's realm (with the credentials when set). Every request has a timeout
 * and holds a permit of the shared limit while it runs.
 */
final class RegistryClient {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int PAGE = 100;
    static final int MAX_PAGES = 1000;
    static final int MAX_BODY = 16 << 20;
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST_ACCEPT = String.join(", ", DOCKER_MANIFEST, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);
    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*(?:\"([^\"]*)\"|([^,\\s]*))");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

    /** A reply of the registry. */
    record Reply(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** A manifest as read: its digest, media type and JSON. */
    record Manifest(String digest, String mediaType, Map<String, Object> json) {
        boolean isIndex() {
            return DOCKER_LIST.equals(mediaType) || OCI_INDEX.equals(mediaType)
                    || (mediaType == null && json.containsKey("manifests"));
        }
    }

    private final String base;
    private final String username;
    private final String password;
    private final HttpClient http;
    private final Semaphore permits;
    private volatile String authorization;

    RegistryClient(String url, String username, String password, boolean sslVerify, Semaphore permits) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.username = username;
        this.password = password;
        this.permits = permits;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (!sslVerify) {
            b.sslContext(trustAll());
        }
        this.http = b.build();
    }

    /** Every repository name, page after page. */
    List<String> catalog() throws IOException {
        List<String> repos = new ArrayList<>();
        URI next = URI.create(base + "/v2/_catalog?n=" + PAGE);
        for (int page = 0; next != null; page++) {
            if (page >= MAX_PAGES) {
                throw new IOException("the catalog has more than " + MAX_PAGES + " pages");
            }
            Reply r = ok(get(next, "application/json"), "the catalog");
            for (Object o : JsonTree.list(json(r, "the catalog"), "repositories")) {
                if (o instanceof String s) {
                    repos.add(s);
                }
            }
            next = nextPage(next, r.header("Link"));
        }
        return repos;
    }

    static URI nextPage(URI current, String link) {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        return m.find() ? current.resolve(m.group(1)) : null;
    }

    List<String> tags(String repo) throws IOException {
        Reply r = ok(get(URI.create(base + "/v2/" + repo + "/tags/list"), "application/json"), "the tags of " + repo);
        List<String> tags = new ArrayList<>();
        for (Object o : JsonTree.list(json(r, "the tags of " + repo), "tags")) {
            if (o instanceof String s) {
                tags.add(s);
            }
        }
        return tags;
    }

    Manifest manifest(String repo, String reference) throws IOException {
        String what = "the manifest of " + repo + ":" + reference;
        Reply r = ok(get(URI.create(base + "/v2/" + repo + "/manifests/" + reference), MANIFEST_ACCEPT), what);
        Map<String, Object> json = json(r, what);
        String digest = r.header("Docker-Content-Digest");
        if (digest == null || digest.isBlank()) {
            digest = sha256(r.body());
        }
        String type = JsonTree.string(json, "mediaType");
        if (type == null) {
            String ct = r.header("Content-Type");
            type = ct == null ? null : ct.split(";")[0].strip();
            if ("application/json".equals(type)) {
                type = null;
            }
        }
        return new Manifest(digest, type, json);
    }

    Map<String, Object> blob(String repo, String digest) throws IOException {
        String what = "the config blob " + digest + " of " + repo;
        return json(ok(get(URI.create(base + "/v2/" + repo + "/blobs/" + digest), "*/*"), what), what);
    }

    static String sha256(String body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static Map<String, Object> json(Reply r, String what) throws IOException {
        try {
            return JsonTree.object(JsonTree.parse(r.body()), what);
        } catch (IOException e) {
            throw new IOException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Reply ok(Reply r, String what) throws IOException {
        if (r.status() == 401) {
            throw new IOException("the registry refused access to " + what + " (401 Unauthorized)"
                    + " - check the registry's username and password");
        }
        if (r.status() == 403) {
            throw new IOException("the registry refused access to " + what + " (403 Forbidden)");
        }
        if (r.status() / 100 != 2) {
            throw new IOException("reading " + what + " failed with HTTP " + r.status());
        }
        return r;
    }

    /** A GET with the current authorization; on 401 answers the challenge once and tries again. */
    Reply get(URI uri, String accept) throws IOException {
        Reply r = send(uri, accept, authorization);
        if (r.status() != 401) {
            return r;
        }
        String challenge = r.header("WWW-Authenticate");
        if (challenge == null) {
            return r;
        }
        String scheme = challenge.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        String auth;
        if (scheme.equals("basic")) {
            if (username == null || password == null) {
                return r;
            }
            auth = basic();
        } else if (scheme.equals("bearer")) {
            auth = "Bearer " + token(params(challenge));
        } else {
            throw new IOException("the registry asks for an unsupported authentication scheme: " + scheme);
        }
        if (auth.equals(authorization)) {
            return r; // the same credentials were already refused
        }
        authorization = auth;
        return send(uri, accept, auth);
    }

    private String basic() {
        String pair = (username == null ? "" : username) + ":" + (password == null ? "" : password);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> params(String challenge) {
        String rest = challenge.strip();
        int space = rest.indexOf(' ');
        rest = space < 0 ? "" : rest.substring(space + 1);
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(rest);
        while (m.find()) {
            out.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    private String token(Map<String, String> challenge) throws IOException {
        String realm = challenge.get("realm");
        if (realm == null || !(realm.startsWith("http://") || realm.startsWith("https://"))) {
            throw new IOException("the registry's bearer challenge names no usable token realm");
        }
        StringBuilder q = new StringBuilder();
        for (String k : List.of("service", "scope")) {
            String v = challenge.get(k);
            if (v != null) {
                q.append(q.length() == 0 ? '?' : '&').append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        URI uri;
        try {
            uri = URI.create(realm + (realm.contains("?") && q.length() > 0 ? "&" + q.substring(1) : q));
        } catch (IllegalArgumentException e) {
            throw new IOException("the registry's token realm is not a valid URL", e);
        }
        Reply r = send(uri, "application/json", username != null && password != null ? basic() : null);
        if (r.status() == 401 || r.status() == 403) {
            throw new IOException("the token service refused the registry's credentials (HTTP " + r.status() + ")");
        }
        Map<String, Object> json = json(ok(r, "the token"), "the token");
        String token = JsonTree.string(json, "token");
        if (token == null) {
            token = JsonTree.string(json, "access_token");
        }
        if (token == null || token.isEmpty()) {
            throw new IOException("the token service sent no token");
        }
        return token;
    }

    private Reply send(URI uri, String accept, String auth) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", accept).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = r.body();
            if (body.length > MAX_BODY) {
                throw new IOException("the reply from " + uri.getPath() + " is larger than " + MAX_BODY + " bytes");
            }
            return new Reply(r.statusCode(), new String(body, StandardCharsets.UTF_8), r.headers().map());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("the registry did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot connect to " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()), e);
        } finally {
            permits.release();
        }
    }

    /** Trusts every certificate and skips the host name check: only for a registry with ssl_verify off. */
    private static SSLContext trustAll() {
        TrustManager tm = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java platform", e);
        }
    }
}
