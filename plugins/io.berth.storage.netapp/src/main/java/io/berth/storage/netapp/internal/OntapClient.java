package io.berth.storage.netapp.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.berth.spi.storage.StorageException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The ONTAP REST calls of the backend: JSON over {@link HttpClient}, HTTP Basic authentication,
 * ONTAP errors ({@code {"error":{"message","code"}}}) and asynchronous jobs (a {@code job} link in the
 * answer, polled at {@code GET /api/cluster/jobs/{uuid}} until its state is {@code success} or
 * {@code failure}, for at most the volume's job timeout).
 *
 * <p>Thread-safe: HTTP clients are shared per {@link OntapConfig.ClientKey}.
 */
final class OntapClient {
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofSeconds(2);
    private static final int MAX_MESSAGE = 500;

    private final Map<OntapConfig.ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

    /** An answer of ONTAP: HTTP status and the JSON body ({@code null} when empty). */
    record Answer(int status, JsonObject body) {
    }

    /**
     * {@code GET} of a collection; {@code 404} counts as no records.
     *
     * @param config  the volume's settings
     * @param path    the path below the endpoint, e.g. {@code /api/storage/qtrees}
     * @param query   query parameters in order, name then value
     * @param what    what is being done, for messages
     * @return the records, possibly empty
     */
    List<JsonObject> records(OntapConfig config, String path, List<String> query, Supplier<String> what) {
        Answer answer = send(config, "GET", path + query(query), null, what);
        if (answer.status() == 404) {
            return List.of();
        }
        checkOk(config, answer, what);
        List<JsonObject> records = new ArrayList<>();
        JsonElement array = answer.body() == null ? null : answer.body().get("records");
        if (array != null && array.isJsonArray()) {
            for (JsonElement e : array.getAsJsonArray()) {
                if (e.isJsonObject()) {
                    records.add(e.getAsJsonObject());
                }
            }
        }
        return records;
    }

    /**
     * A changing call ({@code POST}, {@code PATCH}, {@code DELETE}), waiting for its job when ONTAP answers
     * with one.
     *
     * @throws OntapException when ONTAP refuses the call or its job fails
     */
    void change(OntapConfig config, String method, String path, JsonObject body, Supplier<String> what) {
        Answer answer = send(config, method, path, body, what);
        checkOk(config, answer, what);
        Optional<String> job = jobUuid(answer.body());
        if (job.isPresent()) {
            awaitJob(config, job.get(), what);
        }
    }

    private void awaitJob(OntapConfig config, String uuid, Supplier<String> what) {
        long deadline = System.nanoTime() + config.jobTimeout.toNanos();
        Duration pause = FIRST_POLL;
        String path = "/api/cluster/jobs/" + URLEncoder.encode(uuid, StandardCharsets.UTF_8);
        while (true) {
            Answer answer = send(config, "GET", path, null, what);
            checkOk(config, answer, what);
            JsonObject job = answer.body() == null ? new JsonObject() : answer.body();
            String state = string(job, "state").orElse("");
            if (state.equals("success")) {
                return;
            }
            if (state.equals("failure")) {
                String message = string(job, "message")
                        .or(() -> object(job, "error").flatMap(e -> string(e, "message")))
                        .orElse("no message");
                String code = string(job, "code")
                        .or(() -> object(job, "error").flatMap(e -> string(e, "code")))
                        .orElse("?");
                throw new OntapException(what.get() + ": ONTAP job " + uuid + " failed: "
                        + clip(config.scrub(message)) + " (code " + clip(config.scrub(code)) + ")", null, null);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new OntapException(what.get() + ": ONTAP job " + uuid + " did not finish within "
                        + config.jobTimeout.toSeconds() + " s (state " + (state.isEmpty() ? "unknown" : state)
                        + "); option " + OntapConfig.JOB_TIMEOUT + " sets the wait", null, null);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OntapException(what.get() + ": interrupted while waiting for ONTAP job " + uuid, null, e);
            }
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        }
    }

    private Answer send(OntapConfig config, String method, String pathAndQuery, JsonObject body,
            Supplier<String> what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.endpoint + pathAndQuery))
                .timeout(config.timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (config.authorization() != null) {
            request.header("Authorization", config.authorization());
        }
        HttpResponse<String> response;
        try {
            response = client(config).send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OntapException(what.get() + ": " + method + " " + config.endpoint + pathAndQuery + " failed: "
                    + clip(config.scrub(e.toString())), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OntapException(what.get() + ": interrupted during " + method + " " + config.endpoint
                    + pathAndQuery, null, e);
        }
        JsonObject json = null;
        String text = response.body();
        if (text != null && !text.isBlank()) {
            try {
                JsonElement parsed = JsonParser.parseString(text);
                json = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
            } catch (JsonParseException e) {
                if (response.statusCode() / 100 == 2) {
                    throw new OntapException(what.get() + ": " + method + " " + pathAndQuery
                            + " answered HTTP " + response.statusCode() + " with a body that is not JSON", null, e);
                }
            }
        }
        return new Answer(response.statusCode(), json);
    }

    private static void checkOk(OntapConfig config, Answer answer, Supplier<String> what) {
        if (answer.status() / 100 == 2) {
            return;
        }
        Optional<JsonObject> error = answer.body() == null ? Optional.empty() : object(answer.body(), "error");
        String message = error.flatMap(e -> string(e, "message")).orElse("no error message");
        String code = error.flatMap(e -> string(e, "code")).orElse(null);
        throw new OntapException(what.get() + ": ONTAP answered HTTP " + answer.status() + ": "
                + clip(config.scrub(message)) + (code == null ? "" : " (code " + clip(config.scrub(code)) + ")"),
                answer.status(), null);
    }

    private static Optional<String> jobUuid(JsonObject body) {
        return body == null ? Optional.empty() : object(body, "job").flatMap(j -> string(j, "uuid"));
    }

    static Optional<JsonObject> object(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e != null && e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
    }

    static Optional<String> string(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e != null && e.isJsonPrimitive() ? Optional.of(e.getAsString()) : Optional.empty();
    }

    /** A whole number member, e.g. a size in bytes. */
    static Optional<Long> number(JsonObject o, String member) {
        JsonElement e = o.get(member);
        if (e == null || !e.isJsonPrimitive()) {
            return Optional.empty();
        }
        try {
            return Optional.of(e.getAsJsonPrimitive().getAsBigDecimal().longValueExact());
        } catch (NumberFormatException | ArithmeticException ex) {
            return Optional.empty();
        }
    }

    /** {@code ?a=1&b=2} from name, value pairs, values URL-encoded. */
    static String query(List<String> pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            b.append(i == 0 ? '?' : '&').append(pairs.get(i)).append('=')
                    .append(URLEncoder.encode(pairs.get(i + 1), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static String clip(String s) {
        String one = s.replaceAll("[\\p{Cntrl}]", " ");
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE) + "…";
    }

    private HttpClient client(OntapConfig config) {
        return clients.computeIfAbsent(config.clientKey(), OntapClient::newClient);
    }

    private static HttpClient newClient(OntapConfig.ClientKey key) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(key.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!key.sslVerify()) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
                builder.sslContext(context);
            } catch (GeneralSecurityException e) {
                throw new StorageException("cannot set up TLS without certificate verification: " + e, e);
            }
        }
        return builder.build();
    }

    /**
     * Accepts every certificate and host name: {@code ssl_verify=false}. Being an
     * {@link X509ExtendedTrustManager}, it also replaces the JDK's host name check, for this client only.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusts everything by configuration (ssl_verify=false)
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusts everything by configuration (ssl_verify=false)
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // trusts everything by configuration (ssl_verify=false)
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // trusts everything by configuration (ssl_verify=false)
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // trusts everything by configuration (ssl_verify=false)
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // trusts everything by configuration (ssl_verify=false)
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** ONTAP refused a call, a job failed, or ONTAP could not be reached. */
    static final class OntapException extends StorageException {
        private static final long serialVersionUID = 1L;
        private final int refusedStatus;

        OntapException(String message, Integer refusedStatus, Throwable cause) {
            super(message, cause);
            this.refusedStatus = refusedStatus == null ? 0 : refusedStatus;
        }

        /**
         * Whether ONTAP refused the request itself with an HTTP error status (not a failed or unfinished job,
         * not a connection failure).
         */
        boolean refused() {
            return refusedStatus != 0;
        }
    }
}
