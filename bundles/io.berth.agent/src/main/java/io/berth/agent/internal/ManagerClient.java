package io.berth.agent.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The manager's agent API over HTTP ({@code POST /agent-api/register}, {@code /heartbeat},
 * {@code /goodbye}; the command channel {@code GET /agent-api/work}, {@code POST /agent-api/kernels}
 * and {@code POST /agent-api/requests/{id}/reply}), authenticated with {@code Authorization: BerthAgent <token>}. The token is
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

    // ------------------------------------------------------------------ command channel

    /** The manager answered a command-channel request with an unexpected HTTP status. */
    static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        StatusException(String what, int status, String body) {
            super("HTTP " + status + " to " + what + abbreviate(body));
            this.status = status;
        }

        int status() {
            return status;
        }

        private static String abbreviate(String body) {
            if (body == null || body.isBlank()) {
                return "";
            }
            String one = body.replaceAll("\\s+", " ").strip();
            return ": " + (one.length() <= 200 ? one : one.substring(0, 200) + "…");
        }
    }

    /**
     * Long-polls {@code GET /agent-api/work}: answered at once when {@code since} is not the
     * manager's current generation, else after at most {@code wait}.
     *
     * @param since the generation of the previous answer, -1 at first
     * @param wait  how long the manager may hold the request (whole seconds; the manager caps it)
     * @return the work, or {@code null} when the manager answered 204 (nothing new)
     * @throws StatusException      when the manager answers another status than 200 or 204
     * @throws IOException          when it cannot be reached, the exchange fails or the answer is not
     *                              a work answer
     * @throws InterruptedException when interrupted while waiting
     */
    WorkProtocol.Work pollWork(String token, String agentId, long since, Duration wait)
            throws IOException, InterruptedException {
        long seconds = Math.max(0, wait.toSeconds());
        URI uri = base.resolve("agent-api/work?agent_id=" + URLEncoder.encode(agentId, StandardCharsets.UTF_8)
                + "&since=" + since + "&wait=" + seconds);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout.plusSeconds(seconds))
                .header("Accept", "application/json").header("Authorization", "BerthAgent " + token).GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 204) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new StatusException("the work poll", r.statusCode(), r.body());
        }
        return WorkProtocol.Work.parse(r.body());
    }

    /**
     * Posts kernel reports to {@code POST /agent-api/kernels}.
     *
     * @throws StatusException when the manager answers anything but 2xx
     * @throws IOException     when it cannot be reached
     */
    void reportKernels(String token, String agentId, List<WorkProtocol.KernelReport> reports)
            throws IOException, InterruptedException {
        Response r = post("kernels", token, WorkProtocol.reportsJson(agentId, reports));
        if (r.status() / 100 != 2) {
            throw new StatusException("the kernel reports", r.status(), r.body());
        }
    }

    /**
     * Answers a request with {@code POST /agent-api/requests/{id}/reply}.
     *
     * @throws StatusException when the manager answers anything but 2xx
     * @throws IOException     when it cannot be reached
     */
    void reply(String token, String agentId, String requestId, String body) throws IOException, InterruptedException {
        String path = "requests/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20") + "/reply";
        Response r = post(path, token, WorkProtocol.replyJson(agentId, body));
        if (r.status() / 100 != 2) {
            throw new StatusException("the reply to request " + requestId, r.status(), r.body());
        }
    }

    private HttpRequest request(String path, String token, String json, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve("agent-api/" + path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "BerthAgent " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
