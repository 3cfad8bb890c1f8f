package io.berth.itests;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Agents without containers, speaking the agent protocol over HTTP as real ones do: they register in a
 * resource group and heartbeat; with {@code work}, each also long-polls for its orders and reports every
 * ordered kernel running (and destroyed when told to destroy it), so its sessions go RUNNING.
 */
final class SimulatedAgents implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers;
    private final String token;
    private final List<String> ids;
    private volatile boolean running = true;

    SimulatedAgents(String group, List<String> ids, String cpu, String mem, boolean work) throws Exception {
        this.ids = ids;
        token = Files.readString(Path.of(System.getProperty("karaf.data"), "agent-token")).trim();
        for (String id : ids) {
            assertEquals(200, post("register", report(id, group, cpu, mem)));
        }
        beat.scheduleWithFixedDelay(() -> ids.forEach(id -> {
            try {
                post("heartbeat", report(id, group, cpu, mem));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), 1, 1, TimeUnit.SECONDS);
        workers = work ? Executors.newFixedThreadPool(ids.size()) : null;
        if (work) {
            ids.forEach(id -> workers.execute(() -> workLoop(id)));
        }
    }

    private void workLoop(String id) {
        long since = -1;
        Map<String, String> reported = new HashMap<>();
        while (running) {
            try {
                HttpRequest get = HttpRequest.newBuilder(URI.create(BerthTestSupport.base() + "/agent-api/work?agent_id="
                        + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&since=" + since + "&wait=2"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "BerthAgent " + token).GET().build();
                HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    Thread.sleep(500);
                    continue;
                }
                JsonNode work = Api.JSON.readTree(r.body());
                since = work.get("generation").asLong();
                List<Map<String, Object>> reports = new ArrayList<>();
                for (JsonNode o : work.get("orders")) {
                    String kernel = o.get("kernel_id").asText();
                    String state = o.get("action").asText().equals("run") ? "running" : "destroyed";
                    if (!state.equals(reported.get(kernel))) {
                        Map<String, Object> rep = new HashMap<>();
                        rep.put("kernel_id", kernel);
                        rep.put("state", state);
                        rep.put("container_id", "sim-" + kernel.substring(0, 8));
                        if (state.equals("destroyed")) {
                            rep.put("exit_code", 0);
                        }
                        reports.add(rep);
                        reported.put(kernel, state);
                    }
                }
                if (!reports.isEmpty()) {
                    post("kernels", Api.JSON.writeValueAsString(Map.of("agent_id", id, "reports", reports)));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private int post(String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(BerthTestSupport.base() + "/agent-api/" + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "BerthAgent " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String report(String id, String group, String cpu, String mem) {
        return "{\"id\":\"" + id + "\",\"region\":\"it\",\"architecture\":\"x86_64\",\"version\":\"it\","
                + "\"address\":\"10.9.9.9\",\"resource_group\":\"" + group + "\",\"available_slots\":{\"cpu\":\""
                + cpu + "\",\"mem\":\"" + mem + "\"},\"occupied_slots\":{},\"cpu_percent\":1.5,"
                + "\"memory_used_bytes\":1024,\"container_count\":0,\"devices\":[]}";
    }

    @Override
    public void close() throws Exception {
        running = false;
        beat.shutdownNow();
        if (workers != null) {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (String id : ids) {
            post("goodbye", "{\"id\":\"" + id + "\"}");
        }
    }
}
