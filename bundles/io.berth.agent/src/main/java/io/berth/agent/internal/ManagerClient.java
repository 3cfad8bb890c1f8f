package io.berth.agent.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The manager's agent API over HTTP ({@code POST /agent-api/register}, {@code /heartbeat},
 * {@code /goodbye}), authenticated with {@code Authorization: BerthAgent <token>}. The token is
 * never logged or put in an exception message.
 */
final class ManagerClient {

    record Response(int status, String body) {
    }

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param managerUrl the manager's base URL, e.g. {@code http://127.0.0.1:8181}
     * @param timeout    the bound of each request
     */
    ManagerClient(URI managerUrl, Duration timeout) {
        String s = managerUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    /**
     * Posts {@code json} to {@code agent-api/<path>}.
     *
     * @return the status and body
     * @throws IOException          when the manager cannot be reached or the exchange fails
     * @throws InterruptedException when interrupted while waiting
     */
    Response post(String path, String token, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path, token, json, timeout),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /**
     * Like {@link #post} but gives up after {@code bound}, whatever the connection does.
     *
     * @return the response, or {@code null} when it failed or took too long
     */
    Response postBounded(String path, String token, String json, Duration bound) {
        Future<HttpResponse<String>> f = http.sendAsync(request(path, token, json, bound),
                HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return null;
        } catch (ExecutionException | TimeoutException e) {
            f.cancel(true);
            return null;
        }
    }

    private HttpRequest request(String path, String token, String json, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve("agent-api/" + path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "BerthAgent " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
