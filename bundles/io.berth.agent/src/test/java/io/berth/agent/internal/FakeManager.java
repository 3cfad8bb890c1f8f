package io.berth.agent.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A stand-in for the manager's agent API on a loopback port. */
final class FakeManager implements AutoCloseable {

    record Call(String path, String authorization, String body) {
    }

    record Answer(int status, String body, long delayMillis) {
        static Answer ok(String body) {
            return new Answer(200, body, 0);
        }

        static Answer status(int status) {
            return new Answer(status, "{\"title\":\"status " + status + "\"}", 0);
        }
    }

    static final String REGISTERED = "{\"agent\":{\"id\":\"x\",\"status\":\"ALIVE\"},\"heartbeat_interval_seconds\":0.05}";

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    volatile Function<Call, Answer> answers = c -> c.path().endsWith("/register") ? Answer.ok(REGISTERED)
            : Answer.ok("{}");

    FakeManager(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/agent-api/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    FakeManager() throws IOException {
        this(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    long count(String suffix) {
        return calls.stream().filter(c -> c.path().endsWith(suffix)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"), body);
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(405, -1);
            return;
        }
        calls.add(call);
        Answer a = answers.apply(call);
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
