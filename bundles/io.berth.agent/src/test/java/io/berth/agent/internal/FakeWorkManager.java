package io.berth.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the manager's side of the command channel on a loopback port: serves
 * {@code GET /agent-api/work} (answered at once when {@code since} differs from its generation, else
 * held up to {@code wait} seconds for a change) and records kernel reports and request replies.
 */
final class FakeWorkManager implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Poll(String agentId, long since, int waitSeconds, String authorization) {
    }

    record Reply(String requestId, String agentId, String body) {
    }

    final List<Poll> polls = new CopyOnWriteArrayList<>();
    /** Every report received, in order (each a {@code reports} element, plus {@code agent_id}). */
    final List<JsonNode> reports = new CopyOnWriteArrayList<>();
    final List<Reply> replies = new CopyOnWriteArrayList<>();
    final List<String> reportAuthorizations = new CopyOnWriteArrayList<>();
    /** When not 0, the status the work poll answers with (an error). */
    volatile int pollStatus;
    /** The status of {@code POST /agent-api/kernels}; a non-2xx status drops the reports. */
    volatile int reportStatus = 204;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Object lock = new Object();
    private long generation = 1;
    private boolean closed;
    private ArrayNode orders = JSON.createArrayNode();
    private ArrayNode requests = JSON.createArrayNode();

    FakeWorkManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/agent-api/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    // ------------------------------------------------------------------ the desired state

    static ObjectNode run(String kernel, String image, String command, boolean batch) {
        ObjectNode o = JSON.createObjectNode();
        o.put("action", "run");
        o.put("kernel_id", kernel);
        o.put("session_id", "sess-" + kernel);
        o.put("index", 0);
        o.put("image", image);
        o.putObject("slots").put("cpu", "1").put("mem", "268435456");
        o.putObject("environment").put("GREETING", "hi");
        o.put("command", command);
        o.put("sudo", false);
        o.put("batch", batch);
        o.putArray("mounts");
        return o;
    }

    static ObjectNode destroy(String kernel) {
        ObjectNode o = JSON.createObjectNode();
        o.put("action", "destroy");
        o.put("kernel_id", kernel);
        o.put("session_id", "sess-" + kernel);
        o.put("index", 0);
        o.putNull("image");
        o.putObject("slots");
        o.putObject("environment");
        o.putNull("command");
        o.put("sudo", false);
        o.put("batch", false);
        o.putArray("mounts");
        return o;
    }

    static ObjectNode logsRequest(String id, String kernel, int tailLines) {
        return JSON.createObjectNode().put("id", id).put("kind", "logs").put("kernel_id", kernel)
                .put("tail_lines", tailLines);
    }

    /** Replaces the orders (the full desired state) and moves the generation on. */
    void orders(JsonNode... list) {
        synchronized (lock) {
            orders = JSON.createArrayNode();
            for (JsonNode n : list) {
                orders.add(n);
            }
            generation++;
            lock.notifyAll();
        }
    }

    /** Replaces the open requests and moves the generation on. */
    void requests(JsonNode... list) {
        synchronized (lock) {
            requests = JSON.createArrayNode();
            for (JsonNode n : list) {
                requests.add(n);
            }
            generation++;
            lock.notifyAll();
        }
    }

    long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** The reports received for {@code kernel}, in order. */
    List<JsonNode> reportsOf(String kernel) {
        return reports.stream().filter(r -> kernel.equals(r.path("kernel_id").textValue())).toList();
    }

    /** The states reported for {@code kernel}, in order. */
    List<String> statesOf(String kernel) {
        return reportsOf(kernel).stream().map(r -> r.path("state").textValue()).toList();
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (path.equals("/agent-api/work") && "GET".equals(ex.getRequestMethod())) {
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                Poll p = new Poll(q.get("agent_id"), Long.parseLong(q.getOrDefault("since", "-1")),
                        Integer.parseInt(q.getOrDefault("wait", "0")), auth);
                polls.add(p);
                if (pollStatus != 0) {
                    send(ex, pollStatus, "{\"title\":\"status " + pollStatus + "\"}");
                    return;
                }
                String body;
                synchronized (lock) {
                    long end = System.currentTimeMillis() + Math.min(25, p.waitSeconds()) * 1000L;
                    while (p.since() == generation && System.currentTimeMillis() < end) {
                        try {
                            lock.wait(Math.max(1, end - System.currentTimeMillis()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    ObjectNode work = JSON.createObjectNode();
                    work.put("generation", generation);
                    work.set("orders", orders.deepCopy());
                    work.set("requests", requests.deepCopy());
                    body = work.toString();
                }
                send(ex, 200, body);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "");
                return;
            }
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            if (path.equals("/agent-api/kernels")) {
                int status = reportStatus;
                if (status / 100 == 2) {
                    reportAuthorizations.add(auth);
                    for (JsonNode r : body.path("reports")) {
                        ((ObjectNode) r).put("agent_id", body.path("agent_id").textValue());
                        reports.add(r);
                    }
                }
                send(ex, status, "");
                return;
            }
            if (path.startsWith("/agent-api/requests/") && path.endsWith("/reply")) {
                String id = path.substring("/agent-api/requests/".length(), path.length() - "/reply".length());
                replies.add(new Reply(id, body.path("agent_id").textValue(), body.path("body").textValue()));
                send(ex, 204, "");
                return;
            }
            send(ex, 404, "{\"title\":\"not found\"}");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        if (status == 204 || out.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
